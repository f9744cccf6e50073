import { closeSync } from 'node:fs';
import { encodeParts, writeAllBuffers, writeAllBuffersSync, type TextPart } from './text-parts.js';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The write batching both logs share (append-log.ts, record-log.ts): text queued in one event-loop turn
 * goes to the end of the file in one write, off the main thread, one write at a time so that lines stay in
 * order; written() resolves once what was queued before it is in the file (a kill -9 no longer loses it).
 * A failed write (or afterWrite) fails every later written() too: the file's end is no longer known to be whole.
 */
export class BatchedWriter {
  private pending: TextPart[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  /** The write in progress; the next one starts when it ends. */
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  /**
   * `fd`: the file, open for appending. `afterWrite`: called with each write's byte count once it is in
   * the file, before the next one starts (a log counts its size there, and may compact: see replace()).
   */
  constructor(
    private fd: number | null,
    private readonly name: string,
    private readonly afterWrite: (bytes: number) => void,
  ) {}

  get closed(): boolean {
    return this.fd === null;
  }

  /** Queues text, given whole or in parts (a large value's text is then written as it is, never copied into a line first). */
  append(...parts: TextPart[]): void {
    if (this.fd === null) throw new Error(`${this.name} is closed`);
    this.pending.push(...parts);
    this.schedule();
  }

  written(): Promise<void> {
    if (this.pending.length === 0 && !this.scheduled && this.writing === null) {
      return this.failure === null ? Promise.resolve() : Promise.reject(asError(this.failure));
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once no write is in progress; what is queued then may be taken (takePending) or written (writePendingSync). */
  async idle(): Promise<void> {
    while (this.writing !== null) await this.writing;
  }

  /** Drops what is queued and not yet written and returns it: for a compaction whose new file holds it already. */
  takePending(): TextPart[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Writes what is queued now, synchronously; only between writes (idle(), or in afterWrite). */
  writePendingSync(): void {
    if (this.fd === null || this.pending.length === 0) return;
    writeAllBuffersSync(this.fd, encodeParts(this.takePending()));
  }

  /** Closes the file and appends to `fd` from now on (a compaction's new file); only between writes. */
  replace(fd: number): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = fd;
  }

  /** Closes the file; later appends are refused. Only between writes, after writePendingSync() if what is queued matters. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.pending = [];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.writing !== null) return;
    const done = this.waiters;
    this.waiters = [];
    if (this.failure !== null || this.pending.length === 0 || this.fd === null) return this.settle(done);
    const buffers = encodeParts(this.takePending());
    this.writing = writeAllBuffers(this.fd, buffers)
      .then(() => this.afterWrite(buffers.reduce((n, b) => n + b.length, 0)))
      .catch((err: unknown) => {
        this.failure ??= err;
      });
    void this.writing.then(() => {
      this.writing = null;
      this.settle(done);
      if (this.pending.length > 0 || this.waiters.length > 0) this.flush();
    });
  }

  private settle(done: Waiter[]): void {
    for (const w of done) {
      if (this.failure === null) w.resolve();
      else w.reject(this.failure);
    }
  }
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
