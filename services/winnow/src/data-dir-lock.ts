import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite's data directory belongs to one process: PGlite itself writes no usable lock (its
 * postmaster.pid names pid -42) and a second process opening the directory would corrupt it. Whoever
 * opens `<dataDir>/pg` first writes `<dataDir>/winnow.pid` with its pid and role; the other finds a live
 * holder and stops. A file whose process is gone (killed -9) is stale and taken over.
 */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly role: string,
  ) {
    super(`${dataDir} is held by a running \`winnow ${role}\` (pid ${pid}); stop it, or set DATABASE_URL, or use GET /v1/exports/documents on it`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(file: string): { pid: number; role: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; role?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, role: typeof parsed.role === 'string' ? parsed.role : 'start' } : null;
  } catch {
    return null;
  }
}

/** Takes the data directory for this process; returns its release. Throws DataDirBusyError when held. */
export function lockDataDir(dataDir: string, role: string): () => void {
  const file = join(dataDir, 'winnow.pid');
  const content = JSON.stringify({ pid: process.pid, role });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, content, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (holder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const h = holder(file);
      if (h !== null && h.pid !== process.pid && alive(h.pid)) throw new DataDirBusyError(dataDir, h.pid, h.role);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`${file} keeps reappearing; another process is taking ${dataDir}`);
}
