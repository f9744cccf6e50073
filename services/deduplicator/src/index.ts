export { createDeduplicatorService, type DeduplicatorDeps, type DeduplicatorService } from './service.js';
export { dedupNamespace, dedupSettings, thresholdsOf } from './config.js';
export { createEmbeddedDeduplicator } from './embedded.js';
export { rebuildIndex, type RebuildResult } from './rebuild.js';
