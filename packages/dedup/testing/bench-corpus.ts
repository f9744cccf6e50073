// The document set of the dedup benches (`npm run bench:dedup`): labelled pairs built at run time from
// real texts, the extraction bench's ground truth and the Korean seed, neither stored in the repo.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocInput } from '../src/features.js';
import { KO_ARTICLE, KO_COMMENT, repost } from './contract-fixtures.js';
import { buildPairs, type LabelledPair } from './pair-set.js';

/** The repository root, from this file's place in dist-dev/testing/. */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface BenchCorpus {
  benchDir: string;
  seedFile: string;
  pairs: LabelledPair[];
  /** Every distinct text of the pairs, as a document (40 sites). */
  docs: DocInput[];
}

/**
 * Reads `[extraction-bench dir] [seed file]` (relative to the working directory; by default
 * `../shared/extraction-bench` and `../shared/seed/blog-repost-ko.txt` beside the repository root).
 */
export function loadBenchCorpus(args: string[] = process.argv.slice(2)): BenchCorpus {
  const benchDir = args[0] ? resolve(args[0]) : resolve(repoRoot, '../shared/extraction-bench');
  const seedFile = args[1] ? resolve(args[1]) : resolve(repoRoot, '../shared/seed/blog-repost-ko.txt');
  const truth = JSON.parse(readFileSync(resolve(benchDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const articles = Object.values(truth).map((t) => t.articleBody);
  const blog = readFileSync(seedFile, 'utf8');
  const end = blog.indexOf('sarok@sedaily.com');
  const seedArticle = blog.slice(blog.indexOf('[서울경제]'), end < 0 ? undefined : end + 'sarok@sedaily.com'.length);
  const pairs = buildPairs({
    articles,
    korean: [
      { article: seedArticle, repost: blog, others: [KO_ARTICLE, KO_COMMENT] },
      { article: KO_ARTICLE, repost: repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보'), others: [seedArticle] },
    ],
  });
  const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const docs: DocInput[] = texts.map((text, i) => {
    const docId = createHash('md5').update(text).digest('hex');
    return { docId, text, url: `https://site${i % 40}.example/${docId}`, site: `site${i % 40}.example`, publishedAt: null };
  });
  return { benchDir, seedFile, pairs, docs };
}
