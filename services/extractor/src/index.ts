export { createExtractorService } from './service.js';
export { extractorSettings } from './config.js';
