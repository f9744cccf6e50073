import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiAuthSettings } from '@winnow/api';
import { run } from './keys.js';

function io() {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } }, out: () => out, err: () => err };
}

describe('winnow keys new', () => {
  it('prints a fresh token once and the entry that admits it with those scopes', async () => {
    const a = io();
    expect(await run(['new', '--scopes', 'read+crawl'], a.io)).toBe(0);
    const lines = a.out().split('\n');
    const token = lines[1]!;
    const entry = lines.at(-2)!;
    expect(token).toMatch(/^wnw_[A-Za-z0-9_-]{43}$/);
    expect(entry).toBe(`sha256:${createHash('sha256').update(token).digest('hex')}:read+crawl`);
    expect(entry).not.toContain(token);
    const [key] = apiAuthSettings.WINNOW_API_KEYS.parse(entry)!;
    expect([...key!.scopes]).toEqual(['read', 'crawl']);

    const b = io();
    await run(['new', '--scopes', 'read'], b.io);
    expect(b.out().split('\n')[1]).not.toBe(token);
  });

  it.each([
    [['new'], '--scopes is required'],
    [['new', '--scopes', 'read+write'], 'unknown scope "write"'],
    [['old', '--scopes', 'read'], 'expected the subcommand "new"'],
  ])('refuses %j with a message and exit code 2', async (argv, message) => {
    const a = io();
    expect(await run(argv, a.io)).toBe(2);
    expect(a.err()).toContain(message);
    expect(a.out()).toBe('');
  });
});
