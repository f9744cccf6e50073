import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { EXTRACT_ERRORS } from '@winnow/extract';
import { WORKER_WARM, type ExtractTask, type ExtractTaskResult } from './extract-task.js';
import type { WorkerReply, WorkerTask } from './extract-worker.js';
import type { PageTask, PageTaskResult } from './page-task.js';

export interface ExtractPoolOptions {
  workers: number;
  /** A page still running after this is abandoned and its worker terminated and replaced. */
  timeoutMs: number;
  /** Heap limit of each worker in MB: a page that explodes in memory kills its worker, not the process. */
  heapMb?: number;
  /** The worker script; defaults to the compiled extract-worker.js beside this module. */
  workerUrl?: URL;
}

interface Pending {
  id: number;
  task: WorkerTask;
  resolve: (r: ExtractTaskResult | PageTaskResult) => void;
}

/** A page the pool itself failed (time limit, crash, closed): never a worker's answer. */
export type PoolFailure = Extract<ExtractTaskResult, { ok: false }>;

interface Slot {
  worker: Worker;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
  /** The worker has loaded and run its warm-up page. */
  warm: boolean;
}

const fail = (code: string, reason: string, message: string): ExtractTaskResult => ({ ok: false, code, reason, message });

/** Under vitest this module runs from src/, where only the compiled worker (dist/) can be loaded. */
function defaultWorkerUrl(): URL {
  const here = new URL('./extract-worker.js', import.meta.url);
  return existsSync(here) ? here : new URL('../dist/extract-worker.js', import.meta.url);
}

/**
 * Extraction in a fixed set of worker threads, one page per worker at a time. A page that runs past the
 * time limit, or a worker that dies (heap limit, crash), gives that page a typed failure and the worker
 * is terminated and replaced, so one pathological page never stalls the pool or the service.
 */
export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly workerUrl: URL;
  private nextId = 1;
  private closed = false;
  /** Workers terminated (time limit, crash) and replaced so far. */
  replaced = 0;

  constructor(private readonly opts: ExtractPoolOptions) {
    this.workerUrl = opts.workerUrl ?? defaultWorkerUrl();
    for (let i = 0; i < Math.max(1, opts.workers); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Every worker has loaded and warmed up (readiness: a page sent now is not slowed by a cold start). */
  get warm(): boolean {
    return this.slots.every((slot) => slot.warm);
  }

  /** Never rejects for a bad page: every page gets a document or a typed failure. */
  run(task: ExtractTask): Promise<ExtractTaskResult> {
    return this.enqueue(task) as Promise<ExtractTaskResult>;
  }

  /**
   * A whole pages.fetched value (decoding, validation, extraction, the docs.extracted document) in a worker.
   * The bytes are copied once and moved to the worker, not cloned; `ok: false` is the pool's own failure.
   */
  runPage(task: PageTask): Promise<PageTaskResult | PoolFailure> {
    return this.enqueue({ ...task, bytes: new Uint8Array(task.bytes) }) as Promise<PageTaskResult | PoolFailure>;
  }

  private enqueue(task: WorkerTask): Promise<ExtractTaskResult | PageTaskResult> {
    if (this.closed) return Promise.resolve(fail(EXTRACT_ERRORS.crashed, 'crashed', 'extraction pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(fail(EXTRACT_ERRORS.crashed, 'crashed', 'extraction pool closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        this.settle(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', 'extraction pool closed'));
        slot.worker.removeAllListeners();
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb ?? 512 } });
    const slot: Slot = { worker, busy: null, timer: null, warm: false };
    worker.on('message', (message: WorkerReply | typeof WORKER_WARM) => {
      if (message === WORKER_WARM) return void (slot.warm = true);
      const { id, result } = message;
      if (slot.busy?.id !== id) return;
      this.settle(slot, result);
      this.dispatch();
    });
    worker.on('error', (err) => this.replace(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', `extraction worker failed: ${err.message}`)));
    worker.on('exit', (code) => this.replace(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', `extraction worker exited with code ${code}`)));
    // An idle worker must not keep the process alive; dispatch() refs it while it holds a page.
    worker.unref();
    return slot;
  }

  private settle(slot: Slot, result: ExtractTaskResult | PageTaskResult): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    const pending = slot.busy;
    slot.busy = null;
    pending?.resolve(result);
    if (!this.closed) slot.worker.unref();
  }

  /** Fails the slot's page, terminates its worker and puts a fresh one in its place. */
  private replace(slot: Slot, result: ExtractTaskResult): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    this.settle(slot, result);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    this.replaced++;
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== null) continue;
      const pending = this.queue.shift() as Pending;
      slot.busy = pending;
      slot.worker.ref();
      slot.timer = setTimeout(
        () => this.replace(slot, fail(EXTRACT_ERRORS.timeout, 'timeout', `extraction took longer than ${this.opts.timeoutMs} ms`)),
        this.opts.timeoutMs,
      );
      const transfer = 'bytes' in pending.task ? [pending.task.bytes.buffer as ArrayBuffer] : [];
      slot.worker.postMessage({ id: pending.id, task: pending.task }, transfer);
    }
  }
}
