// robots.txt matching with the decisions of Google's RobotsMatcher (robots.cc):
// the most specific group wins (a group naming the agent beats "*"), inside it the
// longest matching pattern wins, and allow wins a tie.
import { getPathParamsQuery } from './path-params-query.js';
import { matchPriority } from './pattern-match.js';
import { collectGroups, type RobotsDocument, type RobotsGroup } from './robots-groups.js';
import { asciiLower, productToken } from './user-agent.js';

export { isAllowedForStatus } from './status.js';

export interface ParsedRobots {
  /** Whether any of the agents may fetch the URL (an escaped absolute URL or a path). */
  isAllowed(userAgent: string | readonly string[], url: string): boolean;
  /** Crawl-delay in seconds of the group that applies to the agent, or null. */
  crawlDelay(userAgent: string | readonly string[]): number | null;
  /** Sitemap URLs listed anywhere in the file, in order, without duplicates. */
  readonly sitemaps: string[];
}

const NO_MATCH = -1;

function allowPriority(path: string, pattern: string): number {
  const priority = matchPriority(path, pattern);
  if (priority >= 0) return priority;
  // Google: allowing ".../index.htm" or ".../index.html" also allows the directory itself.
  const slash = pattern.lastIndexOf('/');
  if (slash !== -1 && pattern.startsWith('/index.htm', slash)) {
    return matchPriority(path, pattern.slice(0, slash + 1) + '$');
  }
  return NO_MATCH;
}

function agentSet(userAgent: string | readonly string[]): string[] {
  const agents = typeof userAgent === 'string' ? [userAgent] : userAgent;
  return agents.map((a) => asciiLower(productToken(a)));
}

function isSpecific(group: RobotsGroup, agents: readonly string[]): boolean {
  return group.agents.some((a) => agents.includes(a));
}

function decide(doc: RobotsDocument, agents: readonly string[], path: string): boolean {
  let allowSpecific = NO_MATCH;
  let disallowSpecific = NO_MATCH;
  let allowGlobal = NO_MATCH;
  let disallowGlobal = NO_MATCH;
  let everSeenSpecific = false;

  for (const group of doc.groups) {
    const specific = isSpecific(group, agents);
    if (specific) everSeenSpecific = true;
    else if (!group.global) continue;
    for (const rule of group.rules) {
      const priority = rule.allow ? allowPriority(path, rule.pattern) : matchPriority(path, rule.pattern);
      if (priority < 0) continue;
      if (specific) {
        if (rule.allow) allowSpecific = Math.max(allowSpecific, priority);
        else disallowSpecific = Math.max(disallowSpecific, priority);
      } else if (rule.allow) allowGlobal = Math.max(allowGlobal, priority);
      else disallowGlobal = Math.max(disallowGlobal, priority);
    }
  }

  if (allowSpecific > 0 || disallowSpecific > 0) return disallowSpecific <= allowSpecific;
  // A group names the agent but has no (non-empty) matching rule: everything is allowed.
  if (everSeenSpecific) return true;
  if (allowGlobal > 0 || disallowGlobal > 0) return disallowGlobal <= allowGlobal;
  return true;
}

function crawlDelayFor(doc: RobotsDocument, agents: readonly string[]): number | null {
  const specific = doc.groups.filter((g) => isSpecific(g, agents));
  const groups = specific.length > 0 ? specific : doc.groups.filter((g) => g.global);
  for (const group of groups) {
    if (group.crawlDelays.length > 0) return group.crawlDelays[0]!;
  }
  return null;
}

/**
 * Parses a robots.txt body once (UTF-8 octets or a string; octets past 500 KiB are
 * ignored) for repeated questions. `userAgent` is a product token such as
 * "WinnowBot"; a "Name/1.0 ..." header value is reduced to "Name".
 */
export function parseRobots(body: string | Uint8Array): ParsedRobots {
  const doc = collectGroups(body);
  return {
    isAllowed: (userAgent, url) => decide(doc, agentSet(userAgent), getPathParamsQuery(url)),
    crawlDelay: (userAgent) => crawlDelayFor(doc, agentSet(userAgent)),
    sitemaps: [...doc.sitemaps],
  };
}

/**
 * Whether `userAgent` may fetch `url` under `robotsTxt`, as Google's parser decides.
 * The URL must already be percent-encoded (a normalized URL is); it is not re-encoded.
 */
export function isAllowed(robotsTxt: string | Uint8Array, userAgent: string, url: string): boolean {
  return parseRobots(robotsTxt).isAllowed(userAgent, url);
}
