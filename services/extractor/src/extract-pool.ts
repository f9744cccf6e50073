import { Piscina } from 'piscina';
import { EXTRACT_ERRORS } from '@winnow/extract/errors';
import type { ExtractTask, ExtractTaskResult } from './extract-task.js';

export interface ExtractPoolOptions {
  workers: number;
  /** A page still running after this is abandoned and its worker terminated. */
  timeoutMs: number;
}

/** Extraction in worker threads, so one pathological page never blocks the event loop or other pages. */
export class ExtractPool {
  private readonly pool: Piscina<ExtractTask, ExtractTaskResult>;
  private readonly timeoutMs: number;

  constructor(opts: ExtractPoolOptions) {
    this.timeoutMs = opts.timeoutMs;
    this.pool = new Piscina({
      filename: new URL('./extract-worker.js', import.meta.url).href,
      minThreads: 1,
      maxThreads: opts.workers,
      // Bounds one worker's heap, so a page that explodes in memory kills its worker, not the process.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
  }

  async run(task: ExtractTask): Promise<ExtractTaskResult> {
    try {
      // Aborting a running task terminates its worker; piscina starts a fresh one.
      return await this.pool.run(task, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') {
        return { ok: false, code: EXTRACT_ERRORS.timeout, reason: 'timeout', message: `extraction took longer than ${this.timeoutMs} ms` };
      }
      if (err instanceof Error && /resource limits|out of memory/i.test(err.message)) {
        return { ok: false, code: EXTRACT_ERRORS.tooLarge, reason: 'too_large', message: err.message };
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
