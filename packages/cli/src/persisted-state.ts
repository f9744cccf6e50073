import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A JSON file holding embedded mode's in-memory state. Writes go to a temporary file first and are
 * renamed into place, so a crash mid-write never leaves a torn file behind.
 */
export interface PersistedState {
  load(): unknown;
  save(value: unknown): void;
}

export function persistedState(file: string): PersistedState {
  return {
    load() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`cannot read ${file}: ${(err as Error).message}; move it away to start afresh`);
      }
    },
    save(value) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, file);
    },
  };
}
