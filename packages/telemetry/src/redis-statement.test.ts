import { describe, expect, it } from 'vitest';
import { redisStatement } from './redis-statement.js';

describe('redisStatement', () => {
  it("names a script's sha and counts its binary arguments without writing them out", () => {
    const sha = 'e0e1f9fabfc9d4800c877a703b823ac0578ff831';
    const blob = Buffer.from([0, 255, 10, 7, 128]);
    expect(redisStatement('evalsha', [sha, 0, 'winnow:dedup:ns:', blob, blob])).toBe(`evalsha ${sha} [4 other arguments]`);
  });

  it('keeps the key of a plain command and never its value', () => {
    expect(redisStatement('set', ['winnow:dedup:ns:doc:ab', Buffer.from('secret body'), 'EX', 60])).toBe('set winnow:dedup:ns:doc:ab [3 other arguments]');
    expect(redisStatement('ping', [])).toBe('ping');
  });
});
