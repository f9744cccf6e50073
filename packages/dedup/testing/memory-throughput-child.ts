// memoryThroughputApart's process: measures the in-memory index on the bench corpus its arguments
// name and sends the figures to its parent.
import { loadBenchCorpus } from './bench-corpus.js';
import { IN_FLIGHT, memoryThroughput } from './throughput.js';

const { docs } = loadBenchCorpus();
const result = await memoryThroughput(docs, IN_FLIGHT);
process.send!(result, () => process.disconnect());
