import { describe, expect, it } from 'vitest';
import { extract } from './extract.js';

const url = 'https://example.com/blog/post';
const prose = (topic: string, n: number): string =>
  `Paragraph ${n} about ${topic} goes on for a while, with commas, clauses, and enough detail to read as prose.`;
const paragraphs = (topic: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `<p>${prose(topic, i + 1)}</p>`).join('\n');

function page(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><title>A post</title>${head}</head><body>${body}</body></html>`;
}

describe('main text: general rules', () => {
  it('drops soft hyphens, which only mark where a word may break', () => {
    const doc = extract(page(`<article>${paragraphs('gardens', 3)}<p>Die Wein&shy;berge ober&shy;halb der Stadt sind steil, sonnig und alt, und das schon lange.</p></article>`), { url });
    expect(doc.text).toContain('Die Weinberge oberhalb der Stadt');
    expect(doc.text).not.toContain('\u00ad');
  });

  it('reads the article from JSON-LD articleBody when the markup holds only a teaser', () => {
    const body = ['First line of the stated article, which a script renders in the browser.', prose('harbours', 1), prose('harbours', 2), prose('harbours', 3), prose('harbours', 4)].join('\n\n');
    const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'A post', articleBody: body });
    const doc = extract(page('<div id="app"><p>Loading the story about harbours and their ships…</p></div>', `<script type="application/ld+json">${ld}</script>`), { url });
    expect(doc.text).toContain('First line of the stated article');
    expect(doc.paragraphs).toContain(prose('harbours', 4));
  });

  it('keeps the markup when it holds the article, whatever articleBody says', () => {
    const ld = JSON.stringify({ '@type': 'Article', articleBody: 'A shorter summary that is not the page.' });
    const doc = extract(page(`<article>${paragraphs('rivers', 6)}</article>`, `<script type="application/ld+json">${ld}</script>`), { url });
    expect(doc.text).toContain(prose('rivers', 6));
    expect(doc.text).not.toContain('shorter summary');
  });

  it('leaves out an author box, even one longer than the article', () => {
    const bio = `<div class="author-bio"><h3>Who writes here</h3>${paragraphs('the author', 8)}</div>`;
    const doc = extract(page(`<article><div class="entry-content">${paragraphs('winter coats', 5)}</div>${bio}</article>`), { url });
    expect(doc.text).toContain(prose('winter coats', 5));
    expect(doc.text).not.toContain('about the author');
  });

  it('picks an abstract over a longer reference list', () => {
    const refs = Array.from({ length: 30 }, (_, i) => `<li class="references__item">${i + 1}. Roe J, Doe A, Poe B, et al. A study of ${i} things, in many places. J Stud. 2009;12:${i}-${i + 9}. <a href="/doi/${i}">Crossref</a></li>`).join('');
    const html = `<div class="article__body"><div class="abstract"><h2>Abstract</h2>${paragraphs('vaccination', 6)}</div><div class="article__references"><h2>References</h2><ul>${refs}</ul></div></div>`;
    const doc = extract(page(html), { url });
    expect(doc.text).toContain(prose('vaccination', 6));
    expect(doc.text).not.toContain('A study of 12 things');
  });

  it('keeps forum posts that carry an avatar and a profile link', () => {
    // Long posts and one-line thanks: the average post is short, as a teaser card is.
    const post = (n: number): string => {
      const words = n % 2 === 1 ? `${prose('the phone update', n)} ${prose('the phone update', n + 10)} ${prose('the phone update', n + 20)}` : `Thanks, reply ${n} works here too.`;
      return `<li class="postbit"><div class="user"><a href="/u/${n}"><img src="/a/${n}.png">user${n}</a></div><blockquote class="postcontent">${words}</blockquote></li>`;
    };
    const doc = extract(page(`<div id="postlist"><ol class="posts">${[1, 2, 3, 4, 5, 6].map(post).join('')}</ol></div>`), { url });
    for (const n of [1, 3, 5]) expect(doc.text).toContain(prose('the phone update', n));
  });

  it('still drops a rail of teaser cards', () => {
    const card = (n: number): string => `<div class="card"><a href="/story/${n}"><img src="/i/${n}.jpg">Another story number ${n} worth reading</a></div>`;
    const doc = extract(page(`<article>${paragraphs('bridges', 5)}<div class="rail">${[1, 2, 3, 4, 5].map(card).join('')}</div></article>`), { url });
    expect(doc.text).toContain(prose('bridges', 5));
    expect(doc.text).not.toContain('Another story number');
  });

  it('takes the first of several same-template articles (the next ones are appended as the reader scrolls)', () => {
    const item = (topic: string, count: number): string =>
      `<article class="list__item"><h2>About ${topic}</h2><div class="list__content"><div class="container"><div class="detail box"><div class="detail__content">${paragraphs(topic, count)}</div></div></div></div></article>`;
    const two = extract(page(`<main><div class="list">${item('the first story', 6)}${item('the appended story', 12)}</div></main>`), { url });
    expect(two.text).toContain(prose('the first story', 6));
    expect(two.text).not.toContain('the appended story');
    const many = extract(page(`<main><div class="list">${item('the first story', 6)}${item('the second story', 12)}${item('the third story', 9)}${item('the fourth story', 7)}</div></main>`), { url });
    expect(many.text).toContain(prose('the first story', 6));
    for (const other of ['second', 'third', 'fourth']) expect(many.text).not.toContain(`the ${other} story`);
  });

  it('keeps a lead paragraph named as a teaser', () => {
    const doc = extract(page(`<article><p class="article-teaser">${prose('the timber trade, in short', 1)}</p>${paragraphs('the timber trade', 5)}</article>`), { url });
    expect(doc.text).toContain(prose('the timber trade, in short', 1));
  });

  it('leaves out author boxes and disclaimers, whatever their exact name', () => {
    for (const name of ['authorbox', 'author-box', 'row author-info', 'author-description', 'editorial-disclosure', 'aawp-disclaimer']) {
      const doc = extract(page(`<article>${paragraphs('a cake recipe', 5)}<div class="${name}"><p>Hello, I am the writer of this blog and I bake every single weekend, with friends, family and neighbours.</p></div></article>`), { url });
      expect(doc.text, name).toContain(prose('a cake recipe', 5));
      expect(doc.text, name).not.toContain('I am the writer');
    }
  });

  it('drops a reading-time line', () => {
    for (const line of ['4 Min Read', 'Lesezeit: 3 Minuten', '5 min read']) {
      const doc = extract(page(`<article><p>${line}</p>${paragraphs('awards', 5)}</article>`), { url });
      expect(doc.text, line).not.toContain(line);
    }
  });

  it('keeps prose in a box named only by a short chrome token', () => {
    const html = `<article><div class="body">${paragraphs('group intelligence', 3)}</div><div class="body-text-image">${paragraphs('group intelligence, continued', 3)}</div><div class="body">${paragraphs('group intelligence, end', 3)}</div></article>`;
    const doc = extract(page(html), { url });
    expect(doc.text).toContain(prose('group intelligence, continued', 2));
  });
});
