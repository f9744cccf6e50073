import type { MemoryLog } from './memory-log.js';
import type { CommittedOffsets } from './memory-state-file.js';

export interface RetentionOptions {
  /** Records no group still needs kept per partition of a topic no group reads (MemoryBusOptions.retainPerPartition). */
  retain: number;
  /** The same for a topic some group reads (MemoryBusOptions.retainConsumedPerPartition). */
  retainConsumed: number;
  /** MemoryBusOptions.maxUnackedChars. */
  maxUnacked: number;
  /** Whether a group has a live subscription to a topic: only those are waited for (a group gone for good would stall publishers). */
  reading: (group: string, topic: string) => boolean;
}

/**
 * What the in-process bus holds: records some group still needs, a few more for inspection, and no more
 * unacknowledged text per topic than maxUnacked, publishers waiting (room) until the readers catch up.
 */
export class Retention {
  private waiters: Array<() => void> = [];

  constructor(
    private readonly log: MemoryLog,
    private readonly committed: CommittedOffsets,
    private readonly opts: RetentionOptions,
  ) {}

  /** Per partition, the first offset some group reading the topic has not acknowledged; null when no group reads it. */
  needed(topic: string, live = false): number[] | null {
    const readers = [...this.committed].flatMap(([group, t]) => (t.has(topic) && (!live || this.opts.reading(group, topic)) ? [t.get(topic)!] : []));
    if (readers.length === 0) return null;
    return this.log.partitions(topic).map((_, i) => Math.min(...readers.map((c) => c[i] ?? 0)));
  }

  /** Lets go of what no group needs beyond the records kept for inspection. */
  trim(topic: string): void {
    const from = this.needed(topic);
    this.log.partitions(topic).forEach((p, i) => {
      const keep = from === null ? this.opts.retain : this.opts.retainConsumed;
      if (p.records.length > keep) p.trim(from?.[i] ?? p.next, keep);
    });
  }

  /** The topic's values some live group has yet to acknowledge, their lengths summed (0 when none reads it). */
  unacked(topic: string): number {
    const from = this.needed(topic, true);
    return from === null ? 0 : this.log.partitions(topic).reduce((n, p, i) => n + p.charsFrom(from[i]!), 0);
  }

  /** Waits until none of the topics holds more than maxUnacked. */
  async room(topics: Iterable<string>): Promise<void> {
    if (this.opts.maxUnacked === Infinity) return;
    for (const topic of topics) {
      while (this.unacked(topic) > this.opts.maxUnacked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Wakes waiting publishers to look again: after a commit (it may have made room) and when a subscription ends. */
  wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
