import { describe, expect, it } from 'vitest';
import { extractLinks, extractLinksFromUtf8 } from './links.js';

describe('extractLinks', () => {
  it('resolves a, canonical, alternate and next links against the page and <base>', () => {
    const html = `<html><head>
      <base href="https://example.com/news/">
      <link rel="canonical" href="/news/item-1">
      <link rel="alternate" type="application/rss+xml" href="feed.xml">
      <link rel="next" href="?page=2">
      <link rel="stylesheet" href="/style.css">
    </head><body>
      <a href="other.html">other</a>
      <a href="https://other.example.org/x#frag">elsewhere</a>
      <a href="mailto:someone@example.com">mail</a>
      <a href="javascript:void(0)">js</a>
      <a href="#top">top</a>
      <a href="other.html#again">dup</a>
      <a href="/ads" rel="nofollow sponsored">ad</a>
      <a href="/a?x=1&amp;y=2">entity</a>
    </body></html>`;
    const result = extractLinks(html, 'https://example.com/page', 100);
    expect(result.links).toEqual([
      'https://example.com/news/item-1',
      'https://example.com/news/feed.xml',
      'https://example.com/news/?page=2',
      'https://example.com/news/other.html',
      'https://other.example.org/x',
      'https://example.com/a?x=1&y=2',
    ]);
    expect(result.canonical).toBe('https://example.com/news/item-1');
  });

  it('follows meta refresh targets and frame sources', () => {
    const html = `<meta http-equiv="Refresh" content="0; URL='/moved'">
      <frameset><frame src="/PostView.naver?blogId=x&amp;logNo=1"></frameset><iframe src="https://other.example/embed"></iframe>`;
    expect(extractLinks(html, 'https://blog.example.com/x', 100).links).toEqual([
      'https://blog.example.com/moved',
      'https://blog.example.com/PostView.naver?blogId=x&logNo=1',
      'https://other.example/embed',
    ]);
  });

  it('reads tags as an HTML parser does: not in comments, scripts, titles or attribute values (quoted either way, entities in them), while SVG styles hold tags', () => {
    const html = `<html><head><title>a <a href="/in-title"> title</title>
      <script>document.write('<a href="/in-script">')</script><!-- <a href="/in-comment"> --></head>
      <body><div title='<a href="/in-attribute">'><img alt="&lt;a &amp; <a href=/in-double-quoted-value>" src="/x.png">
      <A HREF="/Upper&amp;Case" href="/second-href">upper</A>
      <svg viewBox="0 0 1 1"><style/><path d="M0 0"/></svg><a href="/after-svg">after</a>
      <svg><foreignObject><p><a href="/in-foreign-object">html again</a></p></foreignObject></svg>
      <math><mi>x</mi></math><a href="/after-math">after</a>
      <a href="/self-closed"/><a href="/last">last</a>
    </div></body></html>`;
    expect(extractLinks(html, 'https://example.com/', 100).links).toEqual([
      'https://example.com/Upper&Case',
      'https://example.com/after-svg',
      'https://example.com/in-foreign-object',
      'https://example.com/after-math',
      'https://example.com/self-closed',
      'https://example.com/last',
    ]);
  });

  it('follows nothing when the robots meta says nofollow', () => {
    const html = '<meta name="robots" content="noindex, nofollow"><a href="/x">x</a>';
    expect(extractLinks(html, 'https://example.com/', 100)).toMatchObject({ links: [], nofollow: true });
  });

  it('stops at the per-page limit', () => {
    const html = Array.from({ length: 50 }, (_, i) => `<a href="/day/${i}">${i}</a>`).join('');
    expect(extractLinks(html, 'https://example.com/', 10).links).toHaveLength(10);
  });

  it('reads the same links from a page\'s UTF-8 bytes, without decoding them, wherever its chunks end', () => {
    const html = `<html><head><meta charset="utf-8"><title>기사 <a href="/in-title"></title>
      <base href="https://example.com/뉴스/"><link rel="canonical" href="/뉴스/인재를-찾아서"></head>
      <body><p>본문 😀 Ünïcödé</p><a href="상세?id=1&amp;q=인재">한국어 링크</a>
      <a href="/caf&eacute;/&#xAC00;&#128512;">entities beside characters</a>
      <a href='https://다른.example/경로#조각'>elsewhere</a><a href=/맨/뒤>unquoted</a>
      <svg><title><a href="/svg-title">x</a></title></svg><SVG><foreignObject><a href="/바로">here</a></foreignObject></SVG>
      <meta http-equiv="refresh" content="5; url=/새-주소"><iframe src="/프레임"></iframe></body></html>`;
    const expected = extractLinks(html, 'https://example.com/기사', 100);
    expect(expected.links).toContain('https://example.com/caf%C3%A9/%EA%B0%80%F0%9F%98%80');
    expect(expected.links).toContain('https://xn--2j1bu8j.example/%EA%B2%BD%EB%A1%9C');
    const bytes = Buffer.from(html, 'utf8');
    for (const chunk of [64 * 1024, 1, 2, 3, 5, 7, 64]) expect(extractLinksFromUtf8(bytes, 'https://example.com/기사', 100, chunk)).toEqual(expected);
  });
});
