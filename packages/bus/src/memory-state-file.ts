import { openAppendLog, type AppendLog, type LoadedState } from '@winnow/state-file';
import type { MemoryLog, StoredRecord } from './memory-log.js';

/** Committed offsets: group -> physical topic -> next offset to read, per partition. */
export type CommittedOffsets = Map<string, Map<string, number[]>>;

interface StateFileV1 {
  version: 1;
  topics: Record<string, Array<{ next: number; records: Array<Omit<StoredRecord, 'seq'>> }>>;
  committed: Record<string, Record<string, number[]>>;
}

/**
 * Logged changes. An append whose value is JSON carries it as JSON (`a`), so that the line is the value's
 * text spliced in, not escaped once more; any other value is carried as a string (`r`).
 */
type Entry =
  | ['a' | 'r', topic: string, partition: number, offset: number, key: string, headers: Record<string, string>, timestamp: number, value: unknown]
  | ['c', group: string, topic: string, offsets: number[]];

/** The bus's persistence: appends and commits logged as they happen, compacted into a snapshot of what a restart needs. */
export interface BusJournal {
  /** Logs an appended record; `json` says its value is JSON text on one line (what toWire makes). */
  appended(topic: string, partition: number, record: StoredRecord, json: boolean): void;
  /** Logs a group's committed offsets for a topic. */
  committed(group: string, topic: string, offsets: number[]): void;
  log: AppendLog;
}

export function openBusJournal(file: string, log: MemoryLog, committed: CommittedOffsets): BusJournal {
  const restore = ({ snapshot, entries }: LoadedState): void => {
    const state = snapshot as StateFileV1 | undefined;
    if (state !== undefined) {
      if (state.version !== 1) throw new Error(`unsupported bus state file version ${String(state.version)} in ${file}`);
      for (const [topic, parts] of Object.entries(state.topics)) log.restore(topic, parts);
      for (const [group, topics] of Object.entries(state.committed)) committed.set(group, new Map(Object.entries(topics)));
    }
    for (const entry of entries as Entry[]) {
      if (entry[0] === 'c') {
        const [, group, topic, offsets] = entry;
        let byTopic = committed.get(group);
        if (!byTopic) committed.set(group, (byTopic = new Map<string, number[]>()));
        byTopic.set(topic, offsets);
        continue;
      }
      const [kind, topic, partition, offset, key, headers, timestamp, value] = entry;
      log.put(topic, partition, { offset, key, headers, timestamp, value: kind === 'a' ? JSON.stringify(value) : (value as string | null) });
    }
  };
  const appendLog = openAppendLog({ file }, restore, () => snapshotOf(log, committed) as unknown as Record<string, unknown>);
  return {
    log: appendLog,
    appended(topic, partition, r, json) {
      const spliced = json && r.value !== null;
      const head = JSON.stringify([spliced ? 'a' : 'r', topic, partition, r.offset, r.key, r.headers, r.timestamp ?? 0]);
      appendLog.append(`${head.slice(0, -1)},${spliced ? r.value : JSON.stringify(r.value)}]`);
    },
    committed(group, topic, offsets) {
      appendLog.append(JSON.stringify(['c', group, topic, offsets]));
    },
  };
}

/**
 * What a restart needs: every record some known group has not acknowledged yet, all held records of
 * topics no group reads, and the committed offsets.
 */
function snapshotOf(log: MemoryLog, committed: CommittedOffsets): StateFileV1 {
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
  return state;
}
