import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a workspace (packages/x, services/x), a dependency, or V8's own buckets. */
function placeOf(frame: ProfileNode['callFrame']): string | null {
  if (frame.url === '') {
    if (frame.functionName === '(garbage collector)') return 'gc';
    if (frame.functionName === '(idle)') return 'idle';
    if (frame.functionName === '(program)') return 'program (V8 and libuv outside JavaScript)';
    return null;
  }
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (dep) return dep[1]?.startsWith('@electric-sql/') ? 'pglite (read model)' : null;
  const ws = /\/(packages|services)\/([^/]+)\//.exec(frame.url);
  return ws ? `${ws[1]}/${ws[2]}` : null;
}

/** A dependency or Node's own code, for samples no workspace frame called (event-loop callbacks). */
function libraryOf(url: string): string | null {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return `${dep[1]} (no caller in Winnow)`;
  if (url.startsWith('node:')) return `${url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]} (no caller in Winnow)`;
  return null;
}

/**
 * CPU seconds per place, from every .cpuprofile in dir (the main thread and each worker thread). A sample
 * counts for the innermost frame that is PGlite, GC or idle, else the innermost frame in a workspace; a
 * sample in a dependency or node: internals thus counts for the workspace code that called it.
 */
export function cpuByPlace(dir: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const parent = new Map<number, ProfileNode>();
    const byId = new Map<number, ProfileNode>();
    for (const node of profile.nodes) {
      byId.set(node.id, node);
      for (const child of node.children ?? []) parent.set(child, node);
    }
    const placeCache = new Map<number, string>();
    const place = (id: number): string => {
      const cached = placeCache.get(id);
      if (cached !== undefined) return cached;
      let found: string | null = null;
      let innermost: string | null = null;
      for (let node = byId.get(id); node; node = parent.get(node.id)) {
        const p = placeOf(node.callFrame);
        if (p !== null) {
          found = p;
          break;
        }
        innermost ??= libraryOf(node.callFrame.url);
      }
      found ??= innermost ?? 'other';
      placeCache.set(id, found);
      return found;
    };
    const thread = /^CPU\.\d+\.\d+\.\d+\.(\d+)\./.exec(file)?.[1] === '0' ? '' : 'worker:';
    profile.samples.forEach((id, i) => {
      const key = `${thread}${place(id)}`;
      totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1e6);
    });
  }
  return totals;
}
