"""Reads a Winnow export back with pyarrow and duckdb (readers the Winnow team did not write) and prints
one JSON summary per reader, for test/export-read-back.test.ts to compare."""
import gzip
import json
import sys

import duckdb
import pyarrow.json as pj
import pyarrow.parquet as pq

parquet_path, jsonl_path, jsonl_gz_path = sys.argv[1:4]


def summary(rows):
    return [
        {
            "id": r["id"],
            "text": r["text"],
            "language": r["language"],
            "language_score": r["language_score"],
            "token_count": r["token_count"],
            "verdict": r["metadata"]["verdict"],
            "canonical_id": r["metadata"]["canonical_id"],
            "duplicate_of": r["metadata"]["duplicate_of"],
            "cluster_id": r["metadata"]["cluster_id"],
            "cluster_size": r["metadata"]["cluster_size"],
            "sources": [s["id"] for s in r["metadata"]["sources"]],
            "content_sha256": r["metadata"]["content_sha256"],
            "quality_pass": (r["metadata"]["quality"] or {}).get("pass"),
        }
        for r in rows
    ]


out = {}
table = pq.read_table(parquet_path)
out["pyarrow_parquet"] = summary(table.to_pylist())
out["parquet_row_groups"] = pq.ParquetFile(parquet_path).metadata.num_row_groups
out["parquet_codec"] = pq.ParquetFile(parquet_path).metadata.row_group(0).column(0).compression
out["pyarrow_jsonl"] = summary(pj.read_json(jsonl_path).to_pylist())
with gzip.open(jsonl_gz_path, "rb") as f:
    out["gzip_jsonl"] = summary([json.loads(line) for line in f])

con = duckdb.connect()
query = """SELECT id, text, language, language_score, token_count, metadata.verdict AS verdict, metadata.canonical_id AS canonical_id,
  metadata.duplicate_of AS duplicate_of, metadata.cluster_id AS cluster_id, metadata.cluster_size AS cluster_size,
  [s.id FOR s IN metadata.sources] AS sources, metadata.content_sha256 AS content_sha256,
  metadata.quality.pass AS quality_pass FROM {}"""
for name, source in [
    ("duckdb_parquet", f"read_parquet('{parquet_path}')"),
    ("duckdb_jsonl", f"read_json('{jsonl_path}', format='newline_delimited')"),
    ("duckdb_jsonl_gz", f"read_json('{jsonl_gz_path}', format='newline_delimited', compression='gzip')"),
]:
    cur = con.execute(query.format(source))
    cols = [d[0] for d in cur.description]
    out[name] = [dict(zip(cols, row)) for row in cur.fetchall()]

json.dump(out, sys.stdout, ensure_ascii=False)
