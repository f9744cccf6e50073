// Contract suites every dedup Index and SiteBoilerplate implementation runs, and their texts.
export { doc, runIndexContract } from './contract-suite.js';
export { runSiteBoilerplateContract } from './site-boilerplate-contract.js';
export { EN_ARTICLE, EN_COMMENT, EN_SAME_TOPIC, KO_ARTICLE, KO_COMMENT, repost, sitePage, syntheticText } from './contract-fixtures.js';
// The benches' document set and throughput measurement, shared with @winnow/dedup-redis's bench.
export { loadBenchCorpus } from './bench-corpus.js';
export { asExtracted, docsPerSecond, IN_FLIGHT, MEASURED_RUNS, median, memoryDocStoreBytesPerDoc, memoryDocsPerSecond, memoryIndexBytesPerDoc, memoryThroughput, memoryThroughputApart, WARM_UP_PASSES } from './throughput.js';
