import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipIfNeeded, looksLikeXml, parseFeedOrSitemap } from './feeds-sitemaps.js';

describe('parseFeedOrSitemap', () => {
  it('reads a news sitemap and ignores image locations', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
              xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
              xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
        <url><loc>https://news.example.com/a?x=1&amp;y=2</loc>
          <news:news><news:title>A</news:title></news:news>
          <image:image><image:loc>https://img.example.com/a.jpg</image:loc></image:image>
        </url>
        <url><loc> https://news.example.com/b </loc></url>
      </urlset>`;
    expect(parseFeedOrSitemap(xml, 'https://news.example.com/sitemap.xml', 100)).toEqual({
      kind: 'sitemap',
      urls: ['https://news.example.com/a?x=1&y=2', 'https://news.example.com/b'],
    });
  });

  it('reads a sitemap index', () => {
    const xml = `<sitemapindex><sitemap><loc>https://e.com/s1.xml.gz</loc></sitemap>
      <sitemap><loc>https://e.com/s2.xml</loc><lastmod>2024-01-01</lastmod></sitemap></sitemapindex>`;
    expect(parseFeedOrSitemap(xml, 'https://e.com/', 100)).toEqual({
      kind: 'sitemap_index',
      urls: ['https://e.com/s1.xml.gz', 'https://e.com/s2.xml'],
    });
  });

  it('reads RSS 2.0 item links but not the channel link', () => {
    const xml = `<rss version="2.0"><channel><link>https://blog.example.com/</link>
      <item><title>One</title><link>https://blog.example.com/1</link></item>
      <item><link><![CDATA[https://blog.example.com/2]]></link></item></channel></rss>`;
    expect(parseFeedOrSitemap(xml, 'https://blog.example.com/rss', 100)?.urls).toEqual([
      'https://blog.example.com/1',
      'https://blog.example.com/2',
    ]);
  });

  it('reads Atom entry links, resolving relative ones, and skips other relations', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://e.com/" rel="self"/>
      <entry><link href="/posts/1"/><link rel="edit" href="/edit/1"/></entry>
      <entry><link rel="alternate" href="https://e.com/posts/2"/></entry></feed>`;
    expect(parseFeedOrSitemap(xml, 'https://e.com/atom.xml', 100)).toEqual({
      kind: 'feed',
      urls: ['https://e.com/posts/1', 'https://e.com/posts/2'],
    });
  });

  it('returns null for other XML', () => {
    expect(parseFeedOrSitemap('<svg><a href="/x"/></svg>', 'https://e.com/', 100)).toBeNull();
  });
});

describe('gunzipIfNeeded', () => {
  it('inflates a gzipped file and refuses one that inflates past the limit', () => {
    const xml = Buffer.from('<urlset></urlset>');
    expect(gunzipIfNeeded(gzipSync(xml), 1000)?.toString()).toBe('<urlset></urlset>');
    expect(gunzipIfNeeded(xml, 1000)).toBe(xml);
    expect(gunzipIfNeeded(gzipSync(Buffer.alloc(100_000)), 1000)).toBeNull();
  });

  it('tells XML from HTML', () => {
    expect(looksLikeXml(Buffer.from('\uFEFF<?xml version="1.0"?><rss/>'))).toBe(true);
    expect(looksLikeXml(Buffer.from('<!doctype html><html>'))).toBe(false);
  });
});
