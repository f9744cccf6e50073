/** Entry point of each extraction worker thread (loaded by piscina). */
import { runExtractTask, type ExtractTask, type ExtractTaskResult } from './extract-task.js';

export default function work(task: ExtractTask): ExtractTaskResult {
  return runExtractTask(task);
}
