import { describe, expect, it } from 'vitest';
import { kafkaClusterId } from '../lib/cluster-id.mjs';

describe('kafkaClusterId', () => {
  it('gives distinct 16-byte base64url ids, none starting with "-" (which the storage tool reads as an option)', () => {
    // A plain random id starts with "-" once in 64 draws: 5,000 draws would all but surely show one.
    const ids = Array.from({ length: 5_000 }, kafkaClusterId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(ids.every((id) => /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id))).toBe(true);
  });
});
