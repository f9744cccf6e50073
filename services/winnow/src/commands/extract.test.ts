import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { run } from './extract.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
}

const body = (n: number): string =>
  `이것은 ${n}번째 문단입니다. 지역 도서관이 저녁 늦게까지 문을 열면서 퇴근한 직장인들의 발길이 늘었다고 합니다.`;
const koreanPage = `<html><head><meta charset="euc-kr"><title>도서관 연장 운영 - 한빛일보</title>
<link rel="canonical" href="https://news.example.kr/a/1"></head>
<body><div id="articleBody">${body(1)}<br><br>${body(2)}<br><br>${body(3)}</div><div class="footer">무단 전재 및 재배포 금지</div></body></html>`;
const englishPage = `<html><head><title>Plain story</title></head><body><article><p>${'A sentence with some words, and a comma. '.repeat(6)}</p></article></body></html>`;

async function pagesDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'extract-cli-'));
  await writeFile(join(dir, 'ko-news.html'), iconv.encode(koreanPage, 'cp949'));
  await writeFile(join(dir, 'en-story.html.gz'), gzipSync(englishPage));
  await writeFile(join(dir, 'empty.html'), '<html><body></body></html>');
  await writeFile(join(dir, 'notes.txt'), 'not a page');
  return dir;
}

describe('winnow extract <file>', () => {
  it('prints the document of an EUC-KR file, charset taken from the page', async () => {
    const dir = await pagesDir();
    const t = io();
    expect(await run([join(dir, 'ko-news.html')], t.io)).toBe(0);
    const doc = JSON.parse(t.out.join(''));
    expect(doc.title).toBe('도서관 연장 운영');
    expect(doc.canonicalUrl).toBe('https://news.example.kr/a/1');
    expect(doc.paragraphs).toEqual([body(1), body(2), body(3)]);
    expect(doc.lang).toBe('ko');
  });

  it('reads .gz and takes the page URL from --url', async () => {
    const dir = await pagesDir();
    const t = io();
    expect(await run([join(dir, 'en-story.html.gz'), '--url', 'https://blog.example.com/p/7'], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(''))).toMatchObject({ url: 'https://blog.example.com/p/7', site: 'blog.example.com', lang: 'en' });
  });

  it('names bad input without a stack trace', async () => {
    const dir = await pagesDir();
    const missing = io();
    expect(await run([join(dir, 'nope.html')], missing.io)).toBe(1);
    expect(missing.err.join('')).toMatch(/cannot read file ".*nope\.html"/);
    const empty = io();
    expect(await run([join(dir, 'empty.html')], empty.io)).toBe(1);
    expect(empty.err.join('')).toContain('WINNOW_ERR_EXTRACT_EMPTY');
    for (const t of [missing, empty]) expect(t.err.join('')).not.toMatch(/\n\s+at /);
    const usage = io();
    expect(await run([], usage.io)).toBe(2);
    expect(await run(['--batch', dir], usage.io)).toBe(2);
    expect(usage.err.join('')).toContain('--batch needs --out');
  });
});

describe('winnow extract <url>', () => {
  it('fetches the page and decodes it with the charset of the response header', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=EUC-KR' });
      res.end(iconv.encode(koreanPage.replace('<meta charset="euc-kr">', ''), 'cp949'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const t = io();
      expect(await run([`${base}/a/1`], t.io)).toBe(0);
      const doc = JSON.parse(t.out.join(''));
      expect(doc.url).toBe(`${base}/a/1`);
      expect(doc.paragraphs).toEqual([body(1), body(2), body(3)]);
      const missing = io();
      expect(await run([`${base}/missing`], missing.io)).toBe(1);
      expect(missing.err.join('')).toContain('HTTP 404');
    } finally {
      server.close();
    }
  });
});

describe('winnow extract --batch', () => {
  it('writes {id: document} for every .html and .html.gz and reports pages/s', async () => {
    const dir = await pagesDir();
    const outFile = join(dir, 'out.json');
    const t = io();
    expect(await run(['--batch', dir, '--out', outFile], t.io)).toBe(0);
    const out = JSON.parse(await readFile(outFile, 'utf8'));
    expect(Object.keys(out).sort()).toEqual(['empty', 'en-story', 'ko-news']);
    expect(out['ko-news'].text.startsWith('이것은 1번째 문단입니다.')).toBe(true);
    expect(out['ko-news'].text).not.toContain('무단 전재');
    expect(out['en-story'].lang).toBe('en');
    expect(out.empty).toMatchObject({ text: '', error: { code: 'WINNOW_ERR_EXTRACT_EMPTY' } });
    expect(t.err.join('')).toMatch(/3 pages \(1 failed\) in [\d.]+ s, [\d.]+ pages\/s/);
  });
});
