import type { Redis } from 'ioredis';
import type { TtlCache } from './ports.js';
import { assertTtl } from './memory-ttl-cache.js';

export interface RedisTtlCacheOptions {
  redis: Redis;
  /** Inserted after `winnow:` in every key, e.g. a deployment's TOPIC_PREFIX or a test's unique id. */
  keyPrefix?: string;
}

/** TtlCache in Redis under `winnow:<prefix>cache:<key>`; expiry is Redis's own. */
export class RedisTtlCache implements TtlCache {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(opts: RedisTtlCacheOptions) {
    this.redis = opts.redis;
    this.prefix = `winnow:${opts.keyPrefix ?? ''}cache:`;
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    await this.redis.set(this.prefix + key, value, 'PX', Math.ceil(ttlSeconds * 1000));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
