import { JsonText, openAppendLog, type AppendLog, type LoadedState, type TextPart } from '@winnow/state-file';
import { valueText } from './decode-value.js';
import type { MemoryLog, StoredRecord } from './memory-log.js';

/** Committed offsets: group -> physical topic -> next offset to read, per partition. */
export type CommittedOffsets = Map<string, Map<string, number[]>>;

/** A record as a snapshot holds it: a JSON value spliced in (`json`), any other as a string (`value`). */
type SavedRecord = Omit<StoredRecord, 'seq' | 'emitted' | 'json' | 'value'> & ({ value: string | null } | { json: unknown });

/** Version 1 held every value as a string; version 2 splices JSON values in (SavedRecord). */
interface StateFile {
  version: 1 | 2;
  topics: Record<string, Array<{ next: number; records: SavedRecord[] }>>;
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
  /** Logs an appended record. */
  appended(topic: string, partition: number, record: StoredRecord): void;
  /** Logs a group's committed offsets for a topic. */
  committed(group: string, topic: string, offsets: number[]): void;
  log: AppendLog;
}

function restored(r: SavedRecord): Omit<StoredRecord, 'seq'> {
  if (!('json' in r)) return r;
  const { json, ...rest } = r;
  return { ...rest, value: JSON.stringify(json), json: true };
}

export function openBusJournal(file: string, log: MemoryLog, committed: CommittedOffsets): BusJournal {
  const restore = ({ snapshot, entries }: LoadedState): void => {
    const state = snapshot as StateFile | undefined;
    if (state !== undefined) {
      if (state.version !== 1 && state.version !== 2) throw new Error(`unsupported bus state file version ${String(state.version)} in ${file}`);
      for (const [topic, parts] of Object.entries(state.topics)) log.restore(topic, parts.map((p) => ({ next: p.next, records: p.records.map(restored) })));
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
      const rec = { offset, key, headers, timestamp };
      log.put(topic, partition, kind === 'a' ? { ...rec, value: JSON.stringify(value), json: true } : { ...rec, value: value as string | null });
    }
  };
  const appendLog = openAppendLog({ file }, restore, () => snapshotOf(log, committed));
  return {
    log: appendLog,
    appended(topic, partition, r) {
      const spliced = r.json === true && r.value !== null;
      const head = JSON.stringify([spliced ? 'a' : 'r', topic, partition, r.offset, r.key, r.headers, r.timestamp ?? 0]);
      // The value, a page's JSON bytes perhaps, goes to the file as its own part: never copied into a line first.
      appendLog.append(`${head.slice(0, -1)},`, spliced ? r.value! : JSON.stringify(textOf(r.value)), ']');
    },
    committed(group, topic, offsets) {
      appendLog.append(JSON.stringify(['c', group, topic, offsets]));
    },
  };
}

/** A record's snapshot text, in parts (SavedRecord). */
function recordParts(r: StoredRecord, out: TextPart[]): void {
  const head = { offset: r.offset, key: r.key, headers: r.headers, ...(r.timestamp !== undefined && { timestamp: r.timestamp }) };
  if (r.json === true && r.value !== null) out.push(`${JSON.stringify(head).slice(0, -1)},"json":`, r.value, '}');
  else out.push(JSON.stringify({ ...head, value: textOf(r.value) }));
}

/** A value that is not spliced in is saved as a string. */
const textOf = (value: StoredRecord['value']): string | null => (value === null ? null : valueText(value));

/**
 * What a restart needs: every record some known group has not acknowledged yet, all held records of
 * topics no group reads, and the committed offsets. Records are written as text parts (JsonText), so a
 * snapshot of pages in flight neither escapes nor copies their text once more.
 */
function snapshotOf(log: MemoryLog, committed: CommittedOffsets): Record<string, unknown> {
  const topics: TextPart[] = ['{'];
  for (const topic of log.topicNames()) {
    const readers = [...committed.values()].flatMap((t) => (t.has(topic) ? [t.get(topic)!] : []));
    topics.push(`${topics.length > 1 ? ',' : ''}${JSON.stringify(topic)}:[`);
    log.partitions(topic).forEach((p, i) => {
      const needed = readers.length === 0 ? 0 : Math.min(...readers.map((c) => c[i] ?? 0));
      topics.push(`${i > 0 ? ',' : ''}{"next":${p.next},"records":[`);
      let first = true;
      for (const r of p.records) {
        if (r.offset < needed) continue;
        if (!first) topics.push(',');
        first = false;
        recordParts(r, topics);
      }
      topics.push(']}');
    });
    topics.push(']');
  }
  topics.push('}');
  const offsets: StateFile['committed'] = {};
  for (const [group, byTopic] of committed) offsets[group] = Object.fromEntries(byTopic);
  return { version: 2, topics: new JsonText(topics), committed: offsets };
}
