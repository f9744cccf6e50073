import { extract } from '@winnow/extract';
import { isExtractError } from '@winnow/extract';
import type { ExtractedDocument } from '@winnow/types';

export interface ExtractTask {
  html: string;
  url: string;
  maskPii: boolean;
  /** Pages longer than this many characters fail with WINNOW_ERR_EXTRACT_TOO_LARGE. */
  maxChars?: number;
}

/** Outcomes cross the thread boundary as plain values: an error object would lose its code. */
export type ExtractTaskResult =
  | { ok: true; doc: ExtractedDocument }
  | { ok: false; code: string; reason: string; message: string };

/** A worker posts this once, after loading and running one small page: its first real page is not a cold start. */
export const WORKER_WARM = 'warm';

/** One page's extraction; runs inside a worker thread (see extract-worker.ts) or inline. */
export function runExtractTask(task: ExtractTask): ExtractTaskResult {
  try {
    return { ok: true, doc: extract(task.html, { url: task.url, maskPii: task.maskPii, ...(task.maxChars === undefined ? {} : { maxChars: task.maxChars }) }) };
  } catch (err) {
    if (isExtractError(err)) return { ok: false, code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
}
