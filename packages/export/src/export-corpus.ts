import type { Writable } from 'node:stream';
import type { ReadModel } from '@winnow/read-model';
import { jsonlSink, type RecordSink } from './jsonl-sink.js';
import { toExportFilters, type ExportOptions } from './options.js';
import { parquetSink } from './parquet-sink.js';
import { toRecord } from './record.js';

export interface ExportResult {
  /** Records written (novel mode skips reposts with no words of their own). */
  records: number;
  /** Documents read from the store. */
  documents: number;
}

function sinkFor(format: ExportOptions['format'], out: Writable): RecordSink {
  if (format === 'parquet') return parquetSink(out);
  return jsonlSink(out, format === 'jsonl.gz');
}

/**
 * Streams a corpus from the read model's cursor into `out` (a file or an HTTP response) and ends it.
 * `added` (the export time) is the same on every record. If the store or `out` fails, the error is
 * thrown and `out` is destroyed with it, so a partial file or download is never taken for a whole one.
 */
export async function exportCorpus(
  readModel: Pick<ReadModel, 'exportDocuments'>,
  options: ExportOptions,
  out: Writable,
  added: string = new Date().toISOString(),
): Promise<ExportResult> {
  const sink = sinkFor(options.format, out);
  let records = 0;
  try {
    const documents = await readModel.exportDocuments(toExportFilters(options), async (rows) => {
      for (const row of rows) {
        const record = toRecord(row, options.mode, added);
        if (record === null) continue;
        await sink.write(record);
        records++;
      }
    });
    await sink.end();
    return { records, documents };
  } catch (err) {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}
