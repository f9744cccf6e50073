import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadExtractorConfig } from './config.js';

const env = { KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadExtractorConfig', () => {
  it('reads defaults and parses "false" as false', () => {
    const c = loadExtractorConfig({ ...env, EXTRACT_MASK_PII: 'false', EXTRACT_WORKERS: '3' });
    expect(c).toMatchObject({ EXTRACT_WORKERS: 3, EXTRACT_MASK_PII: false, EXTRACT_TIMEOUT_MS: 10_000, EXTRACT_WORKER_HEAP_MB: 512 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('leaves the main thread a core of its own unless told otherwise', () => {
    expect(loadExtractorConfig(env).EXTRACT_WORKERS).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('names the invalid variable', () => {
    expect(() => loadExtractorConfig({ ...env, EXTRACT_TIMEOUT_MS: 'soon' })).toThrow(/EXTRACT_TIMEOUT_MS/);
    expect(() => loadExtractorConfig({ REDIS_URL: env.REDIS_URL })).toThrow(/KAFKA_BROKERS/);
  });
});
