import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { footerBuilder } from './parquet-footer.js';
import { exportParquetSchema, PARQUET_COLUMNS } from './parquet-schema.js';
import type { CorpusRecord } from './record.js';
import type { RecordSink } from './jsonl-sink.js';

/** A row group ends at this many records or this many bytes of text, whichever comes first. */
const GROUP_ROWS = 2_000;
const GROUP_TEXT_BYTES = 16 * 1024 * 1024;
const CREATED_BY = 'winnow export';

/**
 * A hyparquet Writer that hands its bytes to a Node stream after each row group, honouring backpressure;
 * `drain` hands on what is left.
 */
function streamWriter(out: Writable): { writer: ByteWriter; drain: () => Promise<void> } {
  const writer = new ByteWriter(1 << 20);
  const drain = async (): Promise<void> => {
    if (writer.index === 0) return;
    // Copied: the ByteWriter reuses its buffer once index is reset.
    const chunk = Buffer.from(new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  Object.assign(writer, { flush: drain, finish: drain });
  return { writer, drain };
}

/**
 * Parquet (snappy) streamed to `out`: records are buffered into row groups of bounded size, each encoded
 * and written before the next is collected, so memory is bounded by one row group.
 */
export function parquetSink(out: Writable, groupRows = GROUP_ROWS): RecordSink {
  const schema = exportParquetSchema();
  const { writer, drain } = streamWriter(out);
  const pq = new ParquetWriter({ writer, schema, codec: 'SNAPPY', createdBy: CREATED_BY });
  const footer = footerBuilder(schema, CREATED_BY);
  let rows: CorpusRecord[] = [];
  let textBytes = 0;

  const writeGroup = async (): Promise<void> => {
    if (rows.length === 0) return;
    const group = rows;
    rows = [];
    textBytes = 0;
    const columnData = PARQUET_COLUMNS.map((name) => ({
      name,
      data: group.map((r) => r[name as keyof CorpusRecord] ?? null),
      // The footer keeps every row group's column metadata until the end: min/max statistics only where a
      // reader filters (id, url, date, language, source...), and no page offset indexes, keep it small.
      statistics: name !== 'text' && name !== 'metadata',
      offsetIndex: false,
    }));
    await pq.write({ columnData, rowGroupSize: group.length });
    footer.take(pq);
  };

  return {
    async write(record) {
      rows.push(record);
      textBytes += record.text.length * 3;
      if (rows.length >= groupRows || textBytes >= GROUP_TEXT_BYTES) await writeGroup();
    },
    async end() {
      await writeGroup();
      // Not pq.finish(): the footer was kept as bytes (parquet-footer.ts).
      writer.appendBytes(footer.bytes());
      await drain();
      out.end();
      await once(out, 'finish');
    },
  };
}
