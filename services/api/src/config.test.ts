import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './config.js';

const env = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/winnow',
};

describe('loadApiConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadApiConfig(env);
    expect(config).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', TOPIC_PREFIX: '', API_CONSUMER_CONCURRENCY: 8 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['DATABASE_URL', { ...env, DATABASE_URL: undefined }],
    ['DATABASE_URL', { ...env, DATABASE_URL: 'mysql://x' }],
    ['KAFKA_BROKERS', { ...env, KAFKA_BROKERS: '' }],
    ['REDIS_URL', { ...env, REDIS_URL: undefined }],
    ['PORT', { ...env, PORT: 'eighty' }],
    ['WINNOW_API_KEYS', { ...env, WINNOW_API_KEYS: 'wnw_a-token-pasted-by-mistake' }],
    ['WINNOW_API_KEYS', { ...env, WINNOW_API_KEYS: `sha256:${'ab'.repeat(32)}:read+write` }],
  ])('names %s when it is missing or invalid', (variable, bad) => {
    expect(() => loadApiConfig(bad)).toThrowError(expect.objectContaining({ variable }));
  });

  it('reads WINNOW_API_KEYS entries into hashes and scopes, and never holds a token', () => {
    const hex = 'cd'.repeat(32);
    const config = loadApiConfig({ ...env, WINNOW_API_KEYS: ` sha256:${hex}:read+crawl , sha256:${'ef'.repeat(32)}:admin` });
    expect(config.WINNOW_API_KEYS?.map((k) => ({ id: k.id, hash: k.hash.toString('hex'), scopes: [...k.scopes] }))).toEqual([
      { id: hex.slice(0, 12), hash: hex, scopes: ['read', 'crawl'] },
      { id: 'ef'.repeat(6), hash: 'ef'.repeat(32), scopes: ['admin'] },
    ]);
    expect(loadApiConfig({ ...env, WINNOW_API_KEYS: '' }).WINNOW_API_KEYS).toBeUndefined();
  });
});
