// `npm run bench:dedup`, the Redis part (after @winnow/dedup's bench): docs/s per instance against
// real Redis on the dedup benches' document set, compared with the in-memory index in the same run;
// Redis script time per document and Redis bytes per document in the index and the judged-document store.
// Usage: node dist-dev/bench/bench.js [extraction-bench dir] [seed file]; REDIS_URL (default local).
import { IN_FLIGHT, loadBenchCorpus } from '@winnow/dedup/testing';
import { measureThroughput } from './throughput.js';

const redisUrl = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

async function main(): Promise<void> {
  const { benchDir, seedFile, docs } = loadBenchCorpus();
  console.log(`dedup-redis bench: the documents of the dedup bench's pairs from ${benchDir} and ${seedFile}, on ${redisUrl}`);
  const t = await measureThroughput(docs, redisUrl, IN_FLIGHT);
  const avg = Math.round(docs.reduce((n, d) => n + d.text.length, 0) / docs.length);
  console.log(`\nthroughput on ${t.docs} documents (${avg} characters on average), one instance, ${IN_FLIGHT} in flight, median of ${t.runs} after ${t.warmUpPasses} warm-up passes (shardBits ${t.shardBits}):`);
  console.log(`  redis index:  ${t.redisDocsPerSec.toFixed(0)} docs/s (${t.redisDocsPerCpuSec.toFixed(0)} per CPU-second of this process)`);
  console.log(
    `  redis server: ${t.redisMicrosPerDoc.toFixed(0)} us of script time per document ` +
      `(one Redis core: at most ${(1e6 / t.redisMicrosPerDoc).toFixed(0)} docs/s across all instances)`,
  );
  console.log(`  memory index: ${t.memoryDocsPerSec.toFixed(0)} docs/s (memory/redis ratio ${(t.memoryDocsPerSec / t.redisDocsPerSec).toFixed(2)})`);
  // CPU per document, whatever else the machine runs: the Redis path's is its client's plus Redis's script time.
  const redisCpuPerDoc = 1 / t.redisDocsPerCpuSec + t.redisMicrosPerDoc / 1e6;
  console.log(
    `  per CPU-second: memory ${t.memoryDocsPerCpuSec.toFixed(0)} docs, redis ${(1 / redisCpuPerDoc).toFixed(0)} (client and scripts; ` +
      `memory/redis ratio ${(t.memoryDocsPerCpuSec * redisCpuPerDoc).toFixed(2)})`,
  );
  console.log(`  redis memory: ${t.redisBytesPerDoc.toFixed(0)} bytes per document in the index (${t.redisKeys} keys, MEMORY USAGE)`);
  console.log(`                ${t.docStoreBytesPerDoc.toFixed(0)} bytes per document in the judged-document store (brotli JSON, expires after DEDUP_DOC_TTL_DAYS)`);
  const ok = (b: boolean): string => (b ? 'met' : 'MISSED');
  console.log(`\ntargets: docs/s >= 2000 ${ok(t.redisDocsPerSec >= 2000)}; <= 3 KB/doc in the index ${ok(t.redisBytesPerDoc <= 3072)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
