// Entry point of each extraction worker thread: one page per message, the result posted back as a value.
import { parentPort } from 'node:worker_threads';
import { EXTRACT_ERRORS } from '@winnow/extract';
import { runExtractTask, type ExtractTask, type ExtractTaskResult } from './extract-task.js';

export interface WorkerRequest {
  id: number;
  task: ExtractTask;
}

export interface WorkerReply {
  id: number;
  result: ExtractTaskResult;
}

const port = parentPort;
if (port !== null) {
  port.on('message', ({ id, task }: WorkerRequest) => {
    let result: ExtractTaskResult;
    try {
      result = runExtractTask(task);
    } catch (err) {
      // A bug, not a bad page: still a typed failure, so the page is finished and the worker lives on.
      result = { ok: false, code: EXTRACT_ERRORS.crashed, reason: 'crashed', message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage({ id, result } satisfies WorkerReply);
  });
}
