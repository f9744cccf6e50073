import type { Consumer } from 'kafkajs';
import type { BusLogger } from './bus-logger.js';

/**
 * Commits partition watermarks one request at a time, keeping only the newest offset per partition while a
 * commit is in flight. `reset()` on every (re)assignment discards watermarks of the previous generation.
 */
export class CommitQueue {
  private pending = new Map<number, string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly topic: string,
    private readonly logger: BusLogger,
  ) {}

  push(partition: number, offset: string): void {
    this.pending.set(partition, offset);
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  reset(): void {
    this.pending.clear();
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.pending.size > 0) {
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
