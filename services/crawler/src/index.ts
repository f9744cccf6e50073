export { createCrawlerService, type CrawlerDeps } from './service.js';
export { crawlerConfigSchema } from './config.js';
