import { runIndexContract } from './contract-suite.js';
import { createIndex } from './dedup-index.js';
import { createMemoryStore } from './memory-store.js';

runIndexContract('memory', async () => {
  const store = createMemoryStore();
  return { open: () => createIndex(store, { keepShingles: true }), close: async () => {} };
});
