import { ByteWriter, type ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

type RowGroup = ParquetWriter['row_groups'][number];

/** Thrift compact protocol: the element type of a list of structs. */
const STRUCT = 12;

/** hyparquet's FileMetaData thrift bytes for these row groups, without the trailing length. */
function metadataBytes(schema: SchemaElement[], rowGroups: RowGroup[], numRows: bigint, createdBy: string): Uint8Array {
  const w = new ByteWriter(4096);
  writeMetadata(w, { version: 2, schema, num_rows: numRows, row_groups: rowGroups, created_by: createdBy, metadata_length: 0 });
  return new Uint8Array(w.buffer, 0, w.index - 4);
}

/** A list header in thrift compact protocol: the size in the high nibble, or 15 and a varint. */
function listHeader(size: number): number[] {
  if (size < 15) return [(size << 4) | STRUCT];
  const out = [0xf0 | STRUCT];
  for (let n = size; ; n >>>= 7) {
    if (n < 0x80) {
      out.push(n);
      return out;
    }
    out.push((n & 0x7f) | 0x80);
  }
}

/**
 * The Parquet footer (FileMetaData) kept as bytes, one row group at a time. hyparquet-writer holds every
 * row group's column metadata as objects (about a hundred columns here, with BigInt offsets and statistics)
 * until `finish`, and then builds the whole footer as objects once more: memory that grows with the count.
 * Here each row group is serialized as soon as it is written and its objects are dropped. A thrift compact
 * struct encodes its field ids relative to its own start, so a row group's bytes are the same alone as
 * inside the footer's list: they are cut out of a one-group footer (the bytes after the list's header, which
 * is where it differs from an empty footer's) and spliced into the final footer's list.
 */
export function footerBuilder(schema: SchemaElement[], createdBy: string) {
  const empty = metadataBytes(schema, [], 0n, createdBy);
  /** Where the row groups' list header sits in `empty`: everything after it is the same in every footer. */
  let listAt = -1;
  const groups: Uint8Array[] = [];
  let numRows = 0n;
  let bytes = 0;

  return {
    /** Takes the row groups the writer has finished, and empties its lists. */
    take(pq: ParquetWriter): void {
      for (const rg of pq.row_groups) {
        const one = metadataBytes(schema, [rg], 0n, createdBy);
        let p = 0;
        while (one[p] === empty[p]) p++;
        // The empty list's header has size 0 (its element type is a guess of the serializer's).
        if ((empty[p]! & 0xf0) !== 0 || one[p] !== listHeader(1)[0]) throw new Error('parquet footer: unexpected row group encoding');
        listAt = p;
        const group = one.slice(p + 1, one.length - (empty.length - p - 1));
        groups.push(group);
        bytes += group.length;
        numRows += rg.num_rows;
      }
      pq.row_groups.length = 0;
      // Page indexes and bloom filters are off: what the writer keeps for them is the same chunk metadata.
      pq.pendingIndexes.length = 0;
    },
    /** The footer: FileMetaData, its length and the closing magic number. */
    bytes(): Uint8Array {
      const head = metadataBytes(schema, [], numRows, createdBy);
      // Only num_rows, before the list, differs from the empty footer; the list header moves by its length.
      const at = groups.length === 0 ? head.length : listAt + head.length - empty.length;
      const header = groups.length === 0 ? [] : listHeader(groups.length);
      const tail = head.subarray(Math.min(head.length, at + 1));
      const size = at + header.length + bytes + tail.length;
      const out = new Uint8Array(size + 8);
      out.set(head.subarray(0, at), 0);
      out.set(header, at);
      let o = at + header.length;
      for (const g of groups) {
        out.set(g, o);
        o += g.length;
      }
      out.set(tail, o);
      const view = new DataView(out.buffer);
      view.setUint32(size, size, true);
      view.setUint32(size + 4, 0x31524150, true);
      return out;
    },
  };
}
