import { readJsonFileSync, writeJsonFile } from '@winnow/state-file';
import type { MemoryLog, StoredRecord } from './memory-log.js';

/** Committed offsets: group -> physical topic -> next offset to read, per partition. */
export type CommittedOffsets = Map<string, Map<string, number[]>>;

interface StateFileV1 {
  version: 1;
  topics: Record<string, Array<{ next: number; records: Array<Omit<StoredRecord, 'seq'>> }>>;
  committed: Record<string, Record<string, number[]>>;
}

/** Loads a state file written by `saveState`; a missing file is an empty state. */
export function loadState(file: string, log: MemoryLog, committed: CommittedOffsets): void {
  const state = readJsonFileSync(file) as StateFileV1 | undefined;
  if (state === undefined) return;
  if (state.version !== 1) throw new Error(`unsupported bus state file version ${String(state.version)} in ${file}`);
  for (const [topic, parts] of Object.entries(state.topics)) log.restore(topic, parts);
  for (const [group, topics] of Object.entries(state.committed)) {
    committed.set(group, new Map(Object.entries(topics)));
  }
}

/**
 * Writes what a restart needs: every record some known group has not acknowledged yet, all held records of
 * topics no group reads, and the committed offsets.
 */
export async function saveState(file: string, log: MemoryLog, committed: CommittedOffsets): Promise<void> {
  const state: StateFileV1 = { version: 1, topics: {}, committed: {} };
  for (const [group, topics] of committed) state.committed[group] = Object.fromEntries(topics);
  for (const topic of log.topicNames()) {
    const readers = [...committed.values()].flatMap((t) => (t.has(topic) ? [t.get(topic)!] : []));
    state.topics[topic] = log.partitions(topic).map((p, i) => {
      const needed = readers.length === 0 ? 0 : Math.min(...readers.map((c) => c[i] ?? 0));
      return {
        next: p.next,
        records: p.records.filter((r) => r.offset >= needed).map(({ seq: _seq, ...r }) => r),
      };
    });
  }
  await writeJsonFile(file, state);
}
