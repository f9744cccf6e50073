import type { TopicName } from '@winnow/types';
import type { Emit, Handler } from './bus.js';
import type { BusLogger } from './bus-logger.js';
import type { BackoffOptions } from './backoff.js';
import { deliver, type DeliverContext } from './deliver.js';
import { KeyLanes, Limiter } from './key-lanes.js';
import { OffsetWindow } from './offset-window.js';
import type { ConsumedRecord, WireRecord } from './wire.js';

export interface ConsumerCoreOptions {
  group: string;
  prefix: string;
  handler: Handler<TopicName>;
  concurrency: number;
  /** Messages of one key at once (SubscribeOptions.keyConcurrency); default 1. */
  keyConcurrency?: number | undefined;
  /** SubscribeOptions.raw: values held as bytes go to the handler undecoded. */
  raw?: boolean;
  maxAttempts: number;
  backoff: BackoffOptions;
  publish: (emits: Emit[]) => Promise<void>;
  publishRaw: (record: WireRecord) => Promise<void>;
  /** Called when a live window's commit watermark moves: `offset` is the next offset to read. */
  commit: (partition: number, offset: string) => void;
  logger: BusLogger;
}

/**
 * What both bus implementations share once a message is read: per-key lanes (same key in order, other keys
 * concurrently), a limit on handlers running at once, per-partition offset windows, and an ordered drain.
 */
export class ConsumerCore {
  /** Open (unacknowledged) messages per partition before intake of that partition pauses. */
  readonly bufferPerPartition: number;
  private readonly intake = new AbortController();
  private readonly hard = new AbortController();
  private readonly lanes: KeyLanes;
  private readonly limiter: Limiter;
  private readonly ctx: DeliverContext;
  private inflight = 0;
  private idle: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: ConsumerCoreOptions) {
    this.limiter = new Limiter(opts.concurrency);
    this.lanes = new KeyLanes(Math.max(1, opts.keyConcurrency ?? 1));
    this.bufferPerPartition = Math.max(32, opts.concurrency * 8);
    this.ctx = {
      group: opts.group,
      prefix: opts.prefix,
      handler: opts.handler,
      raw: opts.raw ?? false,
      maxAttempts: opts.maxAttempts,
      backoff: opts.backoff,
      publish: opts.publish,
      publishRaw: opts.publishRaw,
      intake: this.intake.signal,
      hard: this.hard.signal,
      logger: opts.logger,
    };
  }

  get stopping(): boolean {
    return this.intake.signal.aborted;
  }

  /** Hands a message to its key's lane. The window must be the live one for the record's partition. */
  dispatch(window: OffsetWindow, rec: ConsumedRecord): void {
    window.add(rec.offset);
    this.inflight++;
    void this.lanes.run(`${rec.partition}\u0000${rec.key}`, async () => {
      let settled: 'acked' | 'abandoned' = 'abandoned';
      // A message still waiting when its partition moves elsewhere is left to the new owner.
      if (!window.revoked && !this.stopping) {
        const release = await this.limiter.acquire();
        try {
          if (!window.revoked) settled = await deliver(rec, this.ctx);
        } finally {
          release();
        }
      }
      this.inflight--;
      if (settled === 'acked' && !window.revoked && !this.closed) {
        const next = window.complete(rec.offset);
        if (next !== undefined) this.opts.commit(rec.partition, next);
      }
      if (this.inflight === 0) this.wakeIdle();
    });
  }

  /** Waits until the window has room for another message (or was revoked). */
  waitForRoom(window: OffsetWindow): Promise<void> {
    return window.waitBelow(this.bufferPerPartition);
  }

  /**
   * Stops intake and retries, waits for running handlers and their publishing up to `deadlineMs`, then
   * abandons whatever is left: abandoned messages stay uncommitted and come back on the next subscription.
   */
  async drain(deadlineMs: number): Promise<void> {
    this.intake.abort();
    if (this.inflight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const drained = new Promise<void>((resolve) => this.idle.push(resolve));
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
      await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (this.inflight > 0) {
        this.opts.logger.warn({ group: this.opts.group, inflight: this.inflight }, 'stop deadline reached; abandoning in-flight messages');
      }
    }
    this.hard.abort();
    this.closed = true;
  }

  private wakeIdle(): void {
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }
}
