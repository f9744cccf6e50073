import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from './command-io.js';
import { run } from './robots.js';

function capture(stdin: string | Uint8Array = ''): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([Buffer.from(stdin)]),
    out: () => out,
    err: () => err,
  };
}

let dir: string;
let robotsFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winnow-robots-'));
  robotsFile = join(dir, 'robots.txt');
  await writeFile(
    robotsFile,
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('User-agent: *\r\nDisallow: /\r\n\r\nUser-agent: FooBot\r\nDisallow: /private\r\nAllow: /private/ok.html\r\n'),
    ]),
  );
});

describe('winnow robots', () => {
  it('prints one verdict per URL, in order', async () => {
    const io = capture();
    const code = await run([robotsFile, 'FooBot', 'http://foo.bar/a', 'http://foo.bar/private/x', 'http://foo.bar/private/ok.html'], io);
    expect(code).toBe(0);
    expect(io.out()).toBe(
      'allowed http://foo.bar/a\ndisallowed http://foo.bar/private/x\nallowed http://foo.bar/private/ok.html\n',
    );
    expect(io.err()).toBe('');
  });

  it('uses the global group for other agents', async () => {
    const io = capture();
    expect(await run([robotsFile, 'BarBot', 'http://foo.bar/a'], io)).toBe(0);
    expect(io.out()).toBe('disallowed http://foo.bar/a\n');
  });

  it('reads robots.txt from stdin given "-"', async () => {
    const io = capture('user-agent: FooBot\ndisallow: /x\n');
    expect(await run(['-', 'FooBot', 'http://foo.bar/x', 'http://foo.bar/y'], io)).toBe(0);
    expect(io.out()).toBe('disallowed http://foo.bar/x\nallowed http://foo.bar/y\n');
  });

  it.each([
    [[], 'robots.txt file'],
    [['robots.txt'], 'user-agent'],
    [['robots.txt', 'FooBot'], 'url'],
  ])('exits 2 naming the missing argument for %j', async (argv, missing) => {
    const io = capture();
    expect(await run(argv, io)).toBe(2);
    expect(io.err()).toContain(`missing <${missing}>`);
    expect(io.out()).toBe('');
  });

  it('exits 1 with a clear message when the file cannot be read', async () => {
    const io = capture();
    const missingFile = join(dir, 'nope.txt');
    expect(await run([missingFile, 'FooBot', 'http://foo.bar/'], io)).toBe(1);
    expect(io.err()).toContain(`cannot read robots.txt file ${JSON.stringify(missingFile)}`);
    expect(io.err()).toContain('ENOENT');
  });

  it('runs as the built winnow binary', async () => {
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'robots', robotsFile, 'FooBot', 'http://foo.bar/private/x']);
    expect(stdout).toBe('disallowed http://foo.bar/private/x\n');
  });
});
