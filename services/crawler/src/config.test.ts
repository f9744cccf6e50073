import { describe, expect, it } from 'vitest';
import { loadCrawlerConfig } from './config.js';

describe('loadCrawlerConfig', () => {
  it('defaults to a polite crawler that refuses private networks', () => {
    const config = loadCrawlerConfig({});
    expect(config).toMatchObject({
      CRAWL_ALLOW_PRIVATE_NETWORKS: false,
      CRAWL_DELAY_MS: 1000,
      CRAWL_HOST_CONNECTIONS: 1,
      CRAWL_ROBOTS_TTL_SECONDS: 86_400,
    });
  });

  it('reads "false" as false and names a bad variable', () => {
    expect(loadCrawlerConfig({ CRAWL_ALLOW_PRIVATE_NETWORKS: 'false' }).CRAWL_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(loadCrawlerConfig({ CRAWL_ALLOW_PRIVATE_NETWORKS: 'true' }).CRAWL_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadCrawlerConfig({ CRAWL_DELAY_MS: 'soon' })).toThrow(/CRAWL_DELAY_MS/);
    expect(() => loadCrawlerConfig({ CRAWL_ROBOTS_TTL_SECONDS: '90000' })).toThrow(/CRAWL_ROBOTS_TTL_SECONDS/);
  });
});
