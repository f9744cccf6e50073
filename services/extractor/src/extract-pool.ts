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
  /** Pages handed to each worker at once (it runs them in order); defaults to DEFAULT_DEPTH. */
  depth?: number;
}

/**
 * Pages a worker holds at once by default: the one it runs and the next ones, so that it starts the next
 * page the moment it finishes one instead of waiting for the main thread to read its answer and send
 * another. In `winnow start` the main thread also crawls, publishes and stores, and turns of 20-60 ms
 * there left each worker idle between pages most of the run (one page at a time: 10-15 % busy).
 */
const DEFAULT_DEPTH = 4;

interface Pending {
  id: number;
  task: WorkerTask;
  resolve: (r: ExtractTaskResult | PageTaskResult) => void;
}

/** A page the pool itself failed (time limit, crash, closed): never a worker's answer. */
export type PoolFailure = Extract<ExtractTaskResult, { ok: false }>;

interface Slot {
  worker: Worker;
  /** The pages sent to the worker and not yet answered, in the order it runs them: the first is running. */
  held: Pending[];
  /** The time limit of the first held page, started when it became first. */
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
 * Extraction in a fixed set of worker threads, each running up to `depth` pages it holds in order. A page
 * that runs past the time limit, or a worker that dies (heap limit, crash), gives that page (the first
 * the worker held) a typed failure and the worker is terminated and replaced; the pages it held behind
 * that one go back to the front of the queue. One pathological page never stalls the pool or the service.
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
   * The bytes are copied and the copy moved to the worker, not cloned; `ok: false` is the pool's own failure.
   */
  runPage(task: PageTask): Promise<PageTaskResult | PoolFailure> {
    return this.enqueue(task) as Promise<PageTaskResult | PoolFailure>;
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
        while (slot.held.length > 0) this.settle(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', 'extraction pool closed'));
        slot.worker.removeAllListeners();
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb ?? 512 } });
    const slot: Slot = { worker, held: [], timer: null, warm: false };
    worker.on('message', (message: WorkerReply | typeof WORKER_WARM) => {
      if (message === WORKER_WARM) return void (slot.warm = true);
      const { id, result } = message;
      if (slot.held[0]?.id !== id) return;
      this.settle(slot, result);
      this.dispatch();
    });
    worker.on('error', (err) => this.replace(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', `extraction worker failed: ${err.message}`)));
    worker.on('exit', (code) => this.replace(slot, fail(EXTRACT_ERRORS.crashed, 'crashed', `extraction worker exited with code ${code}`)));
    // An idle worker must not keep the process alive; dispatch() refs it while it holds pages.
    worker.unref();
    return slot;
  }

  /** Answers the slot's first held page with `result`; the next one's time limit starts. */
  private settle(slot: Slot, result: ExtractTaskResult | PageTaskResult): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.held.shift()?.resolve(result);
    if (this.closed) return;
    if (slot.held.length > 0) this.startTimer(slot);
    else slot.worker.unref();
  }

  private startTimer(slot: Slot): void {
    slot.timer = setTimeout(
      () => this.replace(slot, fail(EXTRACT_ERRORS.timeout, 'timeout', `extraction took longer than ${this.opts.timeoutMs} ms`)),
      this.opts.timeoutMs,
    );
  }

  /**
   * Fails the slot's running page, terminates its worker and puts a fresh one in its place; the pages the
   * worker held behind it never ran and are queued again, first.
   */
  private replace(slot: Slot, result: ExtractTaskResult): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.held.shift()?.resolve(result);
    this.queue.unshift(...slot.held.splice(0));
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    this.replaced++;
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  /** Hands queued pages to the workers, each time to the one holding fewest, up to `depth` each. */
  private dispatch(): void {
    const depth = Math.max(1, this.opts.depth ?? DEFAULT_DEPTH);
    while (this.queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (s.held.length < depth && (slot === undefined || s.held.length < slot.held.length)) slot = s;
      if (slot === undefined) return;
      const pending = this.queue.shift() as Pending;
      slot.held.push(pending);
      if (slot.held.length === 1) {
        slot.worker.ref();
        this.startTimer(slot);
      }
      // A page's bytes are copied for each worker they go to and the copy moved there, not cloned: the
      // caller's stay whole, for a worker that takes the page over from one that died with it held.
      if ('bytes' in pending.task) {
        const bytes = new Uint8Array(pending.task.bytes);
        slot.worker.postMessage({ id: pending.id, task: { ...pending.task, bytes } }, [bytes.buffer]);
      } else {
        slot.worker.postMessage({ id: pending.id, task: pending.task });
      }
    }
  }
}
