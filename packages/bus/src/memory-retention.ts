import { BUS_ERRORS } from './bus.js';
import { BusError } from './bus-error.js';
import type { MemoryLog } from './memory-log.js';
import type { CommittedOffsets } from './memory-state-file.js';

export interface RetentionOptions {
  /** Records no group still needs kept per partition of a topic no group reads (MemoryBusOptions.retainPerPartition). */
  retain: number;
  /** The same for a topic some group reads (MemoryBusOptions.retainConsumedPerPartition). */
  retainConsumed: number;
  /** MemoryBusOptions.maxUnackedChars. */
  maxUnacked: number;
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
  needed(topic: string): number[] | null {
    const readers = [...this.committed.values()].flatMap((t) => (t.has(topic) ? [t.get(topic)!] : []));
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

  /** The topic's values some group has yet to acknowledge, their lengths summed (0 when no group reads it). */
  unacked(topic: string): number {
    const from = this.needed(topic);
    return from === null ? 0 : this.log.partitions(topic).reduce((n, p, i) => n + p.charsFrom(from[i]!), 0);
  }

  /** Waits until none of the topics holds more than maxUnacked; a bus that stops meanwhile throws busStopped. */
  async room(topics: Iterable<string>, stopped: () => boolean): Promise<void> {
    if (this.opts.maxUnacked === Infinity) return;
    for (const topic of topics) {
      while (this.unacked(topic) > this.opts.maxUnacked) {
        if (stopped()) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    }
  }

  /** Wakes waiting publishers to look again: after a commit (it may have made room) and at stop. */
  wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
