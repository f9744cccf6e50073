import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetSink } from '../src/parquet-sink.js';
import type { CorpusRecord } from '../src/record.js';
import { requirePythonReaders, runPython } from './python.js';

/** pyarrow's view of a file: the footer's row groups and rows, and every row's id and text. */
const READ = `
import json, sys
import pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
t = f.read()
print(json.dumps({"row_groups": f.metadata.num_row_groups, "num_rows": f.metadata.num_rows,
  "group_rows": [f.metadata.row_group(i).num_rows for i in range(f.metadata.num_row_groups)],
  "ids": t.column("id").to_pylist(), "texts": t.column("text").to_pylist(),
  "verdicts": [m["verdict"] for m in t.column("metadata").to_pylist()]}, ensure_ascii=False))
`;

function record(i: number): CorpusRecord {
  const id = `doc-${String(i).padStart(4, '0')}`;
  return {
    id, text: `기사 ${i}: 기업들이 AI 인재를 확보하기 위해 경쟁하고 있다.`, url: `https://news.example.kr/${i}`, date: '2026-12-01T00:00:00.000Z',
    language: 'ko', language_score: 0.98, token_count: 8, source: 'news.example.kr', added: '2026-12-03T00:00:00.000Z', created: null,
    metadata: {
      cluster_id: null, cluster_size: 1, canonical_id: id, verdict: i % 2 === 0 ? 'unique' : 'duplicate', relation: null, duplicate_of: null,
      sources: [], novel_ratio: 1, version: 1, content_sha256: '0'.repeat(64), job_id: 'job', title: null, byline: null,
      fetched_at: '2026-12-01T00:00:00.000Z', extractor_version: null, quality: null,
    },
  };
}

async function write(file: string, count: number, groupRows: number): Promise<void> {
  const sink = parquetSink(createWriteStream(file), groupRows);
  for (let i = 0; i < count; i++) await sink.write(record(i));
  await sink.end();
}

let dir: string;
beforeAll(async () => {
  requirePythonReaders();
  dir = await mkdtemp(join(tmpdir(), 'winnow-parquet-groups-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const read = (file: string) =>
  JSON.parse(runPython(['-c', READ, file])) as { row_groups: number; num_rows: number; group_rows: number[]; ids: string[]; texts: string[]; verdicts: string[] };

describe('Parquet footer kept as bytes, one row group at a time', () => {
  it('lists every row group in the footer, past the 15 a one-byte list header holds, rows in order', async () => {
    const file = join(dir, 'many.parquet');
    await write(file, 50, 3);
    const got = read(file);
    expect(got.row_groups).toBe(17);
    expect(got.num_rows).toBe(50);
    expect(got.group_rows).toEqual([...Array<number>(16).fill(3), 2]);
    expect(got.ids).toEqual(Array.from({ length: 50 }, (_, i) => record(i).id));
    expect(got.texts[49]).toBe(record(49).text);
    expect(got.verdicts.slice(0, 2)).toEqual(['unique', 'duplicate']);
  });

  it('writes a readable file with one group, and with none', async () => {
    await write(join(dir, 'one.parquet'), 2, 3);
    expect(read(join(dir, 'one.parquet'))).toMatchObject({ row_groups: 1, num_rows: 2, ids: ['doc-0000', 'doc-0001'] });
    await write(join(dir, 'none.parquet'), 0, 3);
    expect(read(join(dir, 'none.parquet'))).toMatchObject({ row_groups: 0, num_rows: 0, ids: [] });
  });
});
