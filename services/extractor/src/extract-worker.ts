// Entry point of each extraction worker thread: one page per message, the result posted back as a value.
import { parentPort } from 'node:worker_threads';
import { EXTRACT_ERRORS } from '@winnow/extract';
import { runExtractTask, WORKER_WARM, type ExtractTask, type ExtractTaskResult } from './extract-task.js';
import { runPageTask, type PageTask, type PageTaskResult } from './page-task.js';

export type WorkerTask = ExtractTask | PageTask;

export interface WorkerRequest {
  id: number;
  task: WorkerTask;
}

export interface WorkerReply {
  id: number;
  result: ExtractTaskResult | PageTaskResult;
}

// Loading the modules and compiling the extractor's hot paths costs a cold worker about a second.
const WARM_UP_PAGE = `<html lang="en"><head><title>Warm-up</title></head><body><nav><a href="/">Home</a></nav><article><h1>Warm-up</h1>${'<p>This short page runs once in every new worker, before any real page, so that the first page is not slowed by loading.</p>'.repeat(3)}</article></body></html>`;

const port = parentPort;
if (port !== null) {
  runExtractTask({ html: WARM_UP_PAGE, url: 'https://warm-up.invalid/', maskPii: true });
  port.postMessage(WORKER_WARM);
  port.on('message', ({ id, task }: WorkerRequest) => {
    let result: ExtractTaskResult | PageTaskResult;
    try {
      result = 'bytes' in task ? runPageTask(task) : runExtractTask(task);
    } catch (err) {
      // A bug, not a bad page: still a typed failure, so the page is finished and the worker lives on.
      result = { ok: false, code: EXTRACT_ERRORS.crashed, reason: 'crashed', message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage({ id, result } satisfies WorkerReply);
  });
}
