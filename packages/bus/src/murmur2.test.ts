import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './murmur2.js';

// kafkajs's own implementation is the reference: a key must land where the Kafka producer puts it.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: string) => number;

describe('murmur2', () => {
  it('matches kafkajs for keys of every tail length, including non-ASCII', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'example.com', 'news.example.co.kr', '한국어', 'f'.repeat(33)];
    for (let i = 0; i < 200; i++) keys.push(`key-${i}-${'x'.repeat(i % 7)}`);
    for (const key of keys) expect(murmur2(key), key).toBe(kafkajsMurmur2(key));
  });

  it('maps keys to a partition in range, stably', () => {
    for (let i = 0; i < 100; i++) {
      const p = partitionForKey(`host-${i}.example`, 6);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(6);
      expect(partitionForKey(`host-${i}.example`, 6)).toBe(p);
    }
  });
});
