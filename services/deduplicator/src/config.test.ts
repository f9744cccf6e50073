import { describe, expect, it } from 'vitest';
import { dedupNamespace, loadDeduplicatorConfig } from './config.js';

const env = { KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadDeduplicatorConfig', () => {
  it('applies defaults', () => {
    expect(loadDeduplicatorConfig(env)).toMatchObject({ PORT: 8080, DEDUP_NAMESPACE: 'default', DEDUP_SHARD_BITS: 14, DEDUP_CONCURRENCY: 64 });
  });

  it('requires REDIS_URL in distributed mode, naming the variable', () => {
    expect(() => loadDeduplicatorConfig({ KAFKA_BROKERS: env.KAFKA_BROKERS })).toThrow(/REDIS_URL/);
    expect(() => loadDeduplicatorConfig({ ...env, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });

  it('rejects a namespace that would break key layout', () => {
    expect(() => loadDeduplicatorConfig({ ...env, DEDUP_NAMESPACE: 'a:b' })).toThrow(/DEDUP_NAMESPACE/);
  });

  it('scopes the default namespace by TOPIC_PREFIX', () => {
    expect(dedupNamespace(loadDeduplicatorConfig(env))).toBe('default');
    expect(dedupNamespace(loadDeduplicatorConfig({ ...env, TOPIC_PREFIX: 'e2e-1.' }))).toBe('e2e-1.default');
    expect(dedupNamespace(loadDeduplicatorConfig({ ...env, TOPIC_PREFIX: 'e2e-1.', DEDUP_NAMESPACE: 'v2' }))).toBe('v2');
  });
});
