import type { JobSpec } from '@winnow/types';
import { inScope } from '@winnow/url';

/**
 * A job's include/exclude patterns, matched against the whole normalized URL. A pattern written as
 * `/.../flags` is a regular expression; anything else is a glob where `*` matches any run of characters.
 */
function compile(pattern: string): RegExp | null {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  try {
    if (regex) return new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${escaped}$`);
  } catch {
    return null;
  }
}

const compiled = new Map<string, RegExp[]>();

function patterns(list: readonly string[]): RegExp[] {
  const key = JSON.stringify(list);
  let res = compiled.get(key);
  if (!res) {
    res = list.map(compile).filter((r): r is RegExp => r !== null);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, res);
  }
  return res;
}

/** Why a normalized URL is outside the job, or null when the job wants it. */
export function refusalFor(url: string, job: JobSpec): string | null {
  if (!inScope(url, job.seeds, job.scope)) return 'out_of_scope';
  const include = patterns(job.include);
  if (include.length > 0 && !include.some((r) => r.test(url))) return 'out_of_scope';
  if (patterns(job.exclude).some((r) => r.test(url))) return 'out_of_scope';
  return null;
}
