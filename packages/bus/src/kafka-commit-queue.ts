import type { Consumer } from 'kafkajs';
import type { BusLogger } from './bus-logger.js';
import { sleep } from './backoff.js';

/**
 * How long a moved watermark waits for the next ones before it is committed: one OffsetCommit per consumer per
 * this interval at most, instead of one per finished message. A commit later by this much only widens what a
 * crash redelivers (handlers are idempotent); stop() still commits what finished (flush).
 */
const COMMIT_LINGER_MS = 200;

/**
 * Commits partition watermarks one request at a time, keeping only the newest offset per partition while a
 * commit waits or is in flight. `reset()` on every (re)assignment discards watermarks of the previous generation.
 */
export class CommitQueue {
  private pending = new Map<number, string>();
  private running: Promise<void> | undefined;
  /** Aborted by flush(): a waiting commit goes out at once. */
  private hurry = new AbortController();

  constructor(
    private readonly consumer: Consumer,
    private readonly topic: string,
    private readonly logger: BusLogger,
  ) {}

  push(partition: number, offset: string): void {
    this.pending.set(partition, offset);
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
      this.hurry = new AbortController();
    });
  }

  reset(): void {
    this.pending.clear();
  }

  async flush(): Promise<void> {
    while (this.running) {
      this.hurry.abort();
      await this.running;
    }
  }

  private async loop(): Promise<void> {
    while (this.pending.size > 0) {
      if (!this.hurry.signal.aborted) await sleep(COMMIT_LINGER_MS, this.hurry.signal);
      if (this.pending.size === 0) return;
      const offsets = [...this.pending].map(([partition, offset]) => ({ topic: this.topic, partition, offset }));
      this.pending.clear();
      try {
        await this.consumer.commitOffsets(offsets);
      } catch (err) {
        // A lost commit only means redelivery of finished messages; the next watermark covers it.
        this.logger.warn({ err, topic: this.topic, offsets }, 'offset commit failed');
      }
    }
  }
}
