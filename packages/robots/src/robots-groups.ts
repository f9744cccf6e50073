// Collects the directives of a robots.txt into groups, the structure RFC 9309
// section 2.1 describes: user-agent lines followed by rules. A user-agent line
// that follows a rule starts a new group; blank lines, Sitemap, Crawl-delay and
// unknown lines do not end a group (Google's parser behaves the same way).
import { parseRobotsTxt } from './parse-robots-txt.js';
import { asciiLower, extractUserAgent } from './user-agent.js';

interface RobotsRule {
  allow: boolean;
  /** Escaped pattern as Google's parser stores it. */
  pattern: string;
  line: number;
}

export interface RobotsGroup {
  /** A "*" user-agent line is part of the group. */
  global: boolean;
  /** Lower-cased product tokens of the group's user-agent lines. */
  agents: string[];
  rules: RobotsRule[];
  /** Valid Crawl-delay values of the group, in seconds, in file order. */
  crawlDelays: number[];
}

export interface RobotsDocument {
  groups: RobotsGroup[];
  sitemaps: string[];
}

const CRAWL_DELAY_KEYS = ['crawl-delay', 'crawldelay', 'crawl delay'];

function isGlobalAgent(value: string): boolean {
  // Google: "*" followed by whitespace and more text is still the global agent.
  return value[0] === '*' && (value.length === 1 || /[ \t\n\v\f\r]/.test(value[1]!));
}

function parseDelay(value: string): number | null {
  if (!/^\d*\.?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function collectGroups(body: string | Uint8Array): RobotsDocument {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  let currentHasRule = false;

  const addRule = (allow: boolean, line: number, pattern: string): void => {
    if (!current) return; // Rules outside any group are ignored.
    current.rules.push({ allow, pattern, line });
    currentHasRule = true;
  };

  parseRobotsTxt(body, {
    handleUserAgent(_line, value) {
      if (!current || currentHasRule) {
        current = { global: false, agents: [], rules: [], crawlDelays: [] };
        groups.push(current);
        currentHasRule = false;
      }
      if (isGlobalAgent(value)) current.global = true;
      else current.agents.push(asciiLower(extractUserAgent(value)));
    },
    handleAllow: (line, value) => addRule(true, line, value),
    handleDisallow: (line, value) => addRule(false, line, value),
    handleSitemap(_line, value) {
      if (value.length > 0 && !sitemaps.includes(value)) sitemaps.push(value);
    },
    handleUnknownAction(_line, action, value) {
      const key = action.toLowerCase();
      if (!current || !CRAWL_DELAY_KEYS.some((k) => key.startsWith(k))) return;
      const delay = parseDelay(value);
      if (delay !== null) current.crawlDelays.push(delay);
    },
  });
  return { groups, sitemaps };
}
