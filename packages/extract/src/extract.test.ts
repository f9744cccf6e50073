import { describe, expect, it } from 'vitest';
import { ExtractError } from './errors.js';
import { extract } from './extract.js';

const url = 'https://example.com/news/1';
const para = (n: number): string =>
  `This is paragraph number ${n} of the story, and it carries enough words, commas, and detail to read as real prose.`;

function page(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><title>A story about things | Example News</title>${head}</head><body>${body}</body></html>`;
}

const article = `<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>A story about things</h1><p class="byline">By Jane Roe</p>
<p>${para(1)}</p><p>${para(2)} See <a href="https://other.example.org/report">the report</a>.</p>
<div class="share-tools"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
<h2>What comes next</h2><p>${para(3)}</p>
<ul><li>First point of the list</li><li>Second point of the list</li></ul>
<table><tr><th>Year</th><th>Sales</th></tr><tr><td>2018</td><td>10</td></tr><tr><td>2019</td><td>12</td></tr></table>
<p>${para(4)}</p></article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer>© 2019 Example News. All rights reserved.</footer>`;

describe('extract', () => {
  const doc = extract(page(article, '<meta property="og:site_name" content="Example News">'), { url });

  it('keeps the article and drops navigation, share bar, related list and footer', () => {
    expect(doc.text.startsWith('This is paragraph number 1')).toBe(true);
    expect(doc.text.endsWith('read as real prose.')).toBe(true);
    for (const chrome of ['Home', 'Share on Facebook', 'Related stories', 'All rights reserved', 'By Jane Roe']) expect(doc.text).not.toContain(chrome);
    expect(doc.title).toBe('A story about things');
    expect(doc.byline).toBe('Jane Roe');
    expect(doc.siteName).toBe('Example News');
    expect(doc.lang).toBe('en');
  });

  it('writes markdown with headings, lists, tables and links', () => {
    expect(doc.markdown).toContain('## What comes next');
    expect(doc.markdown).toContain('- First point of the list\n- Second point of the list');
    expect(doc.markdown).toContain('| Year | Sales |\n| --- | --- |\n| 2018 | 10 |');
    expect(doc.markdown).toContain('[the report](https://other.example.org/report)');
    expect(doc.links).toEqual([{ url: 'https://other.example.org/report', text: 'the report' }]);
  });

  it('reports quality signals', () => {
    expect(doc.quality.chars).toBe(doc.text.length);
    expect(doc.quality.words).toBeGreaterThan(80);
    expect(doc.quality.linkDensity).toBeGreaterThan(0);
    expect(doc.quality.linkDensity).toBeLessThan(0.1);
    expect(doc.quality.boilerplateRatio).toBeGreaterThan(0);
    expect(doc.quality.repetition).toBe(0);
  });

  it('splits <br><br> into paragraphs; a single <br> splits only after a finished sentence', () => {
    const d = extract(page(`<div id="content">${para(1)}<br><br>12 Main Street<br>Springfield<br><br>${para(2)}<br>${para(3)}</div>`), { url });
    expect(d.paragraphs).toEqual([para(1), '12 Main Street\nSpringfield', para(2), para(3)]);
    expect(d.text).toBe(d.paragraphs.join('\n\n'));
  });

  it('falls back to og:url, then the page URL, for the canonical URL', () => {
    const d = extract(page(`<p>${para(1)}</p>`, '<meta property="og:url" content="https://example.com/canonical">'), { url });
    expect(d.canonicalUrl).toBe('https://example.com/canonical');
    expect(extract(page(`<p>${para(1)}</p>`), { url }).canonicalUrl).toBe(url);
  });

  it('finds Source: and via citations', () => {
    const d = extract(page(`<p>${para(1)}</p><p>Source: <a href="https://agency.example/x">Agency Wire</a></p><p>${para(2)} (via The Verge)</p>`), { url });
    expect(d.citedSources).toEqual([
      { text: 'Source: Agency Wire', url: 'https://agency.example/x' },
      { text: 'via The Verge', url: null },
    ]);
  });
});

describe('reposts', () => {
  it('keeps a 출처 line that is mostly a link, and a title that starts with the source name', () => {
    const ko = '국내 기업들이 인공지능 인재를 확보하기 위해 치열한 경쟁을 벌이고 있다고 업계는 전했다.';
    const d = extract(
      page(
        `<div class="article-view"><p>${ko}</p><p>출처 : 서울경제 <a href="https://news.example.kr/v/1">https://news.example.kr/v/1</a></p><p>${ko}</p></div>`,
        '<meta property="og:title" content="[펌] 서울경제 - AI 인재 확보 경쟁 치열"><meta property="og:site_name" content="데이터 일기장">',
      ),
      { url },
    );
    expect(d.title).toBe('[펌] 서울경제 - AI 인재 확보 경쟁 치열');
    expect(d.paragraphs).toEqual([ko, '출처 : 서울경제 https://news.example.kr/v/1', ko]);
    expect(d.citedSources).toEqual([{ text: '출처 : 서울경제', url: 'https://news.example.kr/v/1' }]);
  });
});

describe('bylines in the text', () => {
  it('reads a Korean reporter prefix and English By lines', () => {
    const ko = '지역 도서관이 저녁 늦게까지 문을 열면서 퇴근한 직장인들의 발길이 늘었다고 시는 밝혔다.';
    const k = extract(page(`<div id="article_body">[서울=한빛일보] 홍길동 기자 = ${ko}<br><br>${ko}</div>`), { url });
    expect(k.bylines).toEqual(['홍길동 기자']);
    const e = extract(page(`<article><p>By Jane Roe and John Doe</p><p>${para(1)}</p></article>`), { url });
    expect(e.bylines).toEqual(['Jane Roe', 'John Doe']);
    expect(e.text).toBe(para(1));
  });

  it('takes the date of a closing reporter line', () => {
    const ko = '지역 도서관이 저녁 늦게까지 문을 열면서 퇴근한 직장인들의 발길이 늘었다고 시는 밝혔다.';
    const d = extract(page(`<div id="articleBody">${ko}<br><br>${ko}<br><br>/홍길동기자 hong@example.com 2017.07.04 17:32</div>`), { url });
    expect(d).toMatchObject({ bylines: ['홍길동 기자'], publishedAt: '2017-07-04T17:32:00+09:00', paragraphs: [ko, ko] });
  });

  it('reads a reporter element with an address in brackets, and no site handle as a byline', () => {
    const d = extract(
      page(`<article id="dic_area">${para(1)}<br><br>${para(2)}</article><div class="byline"><span>박민수 기자(minsu@news.example)</span></div>`, '<meta name="twitter:creator" content="@examplenews">'),
      { url },
    );
    expect(d.bylines).toEqual(['박민수 기자']);
  });
});

describe('bad input', () => {
  it('survives nesting 10k deep', () => {
    const deep = `${'<div>'.repeat(10000)}<p>${para(1)}</p>${'</div>'.repeat(10000)}`;
    expect(extract(page(deep), { url }).text).toBe(para(1));
  }, 60_000);

  it('survives unclosed tags', () => {
    const d = extract(page(`<div><p>${para(1)}<p>${para(2)}<div><span>${para(3)}`), { url });
    expect(d.paragraphs).toEqual([para(1), para(2), para(3)]);
  });

  it('refuses a page over the size limit with a typed error', () => {
    expect(() => extract(page(`<p>${para(1)}</p>`), { url, maxChars: 100 })).toThrow(
      expect.objectContaining({ code: 'WINNOW_ERR_EXTRACT_TOO_LARGE' }),
    );
  });

  it('handles a 20 MB page', () => {
    const big = page(`<p>${para(1)}</p>${'<div class="x"><span>filler</span></div>'.repeat(500_000)}`);
    expect(big.length).toBeGreaterThan(20_000_000);
    expect(extract(big, { url }).text).toContain(para(1));
  }, 120_000);

  it('fails typed on an empty body and on binary junk', () => {
    const empty = (): unknown => extract(page(''), { url });
    expect(empty).toThrow(ExtractError);
    expect(empty).toThrow(expect.objectContaining({ code: 'WINNOW_ERR_EXTRACT_EMPTY', reason: 'empty' }));
    const junk = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    expect(() => extract(junk, { url })).toThrow(expect.objectContaining({ code: 'WINNOW_ERR_EXTRACT_NOT_HTML' }));
  });

  it('rejects a page URL that is not http(s)', () => {
    expect(() => extract(page(`<p>${para(1)}</p>`), { url: 'file:///etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'WINNOW_ERR_EXTRACT_BAD_URL' }),
    );
  });
});

describe('chrome lines inside the content', () => {
  it('drops date stamps, ad labels and JavaScript notes but keeps number tables', () => {
    const d = extract(
      page(`<article><p>Posted: Fri 6:45 PM, Feb 16, 2018 |</p><p>${para(1)}</p><p>Advert</p><p>This slideshow requires JavaScript.</p><p>${para(2)}</p>
      <table><tr><td>2018</td><td>10</td></tr><tr><td>2019</td><td>12</td></tr></table></article>`),
      { url },
    );
    expect(d.paragraphs).toEqual([para(1), para(2), '2018 10', '2019 12']);
  });

  it('drops newsletter and Korean channel promotions', () => {
    const ko = '지역 도서관이 저녁 늦게까지 문을 열면서 퇴근한 직장인들의 발길이 늘었다고 시는 밝혔다.';
    const d = extract(
      page(`<div id="articleBody">${ko}<br><br>▶ 관련기사 더 보기<br><br>네이버 메인에서 한빛일보를 구독하세요<br><br>${ko}</div><p>Sign up for our daily newsletter to get updates in your inbox.</p>`),
      { url },
    );
    expect(d.paragraphs).toEqual([ko, ko]);
  });

  it('drops photo credits, Korean captions and follow-us lines', () => {
    const d = extract(
      page(`<article><p>${para(1)}</p><p>Installation views, photos © Example, 2018</p><p>▲ 시립 도서관 열람실 모습</p><p>(사진=한빛일보)</p><p>${para(2)}</p><p>Follow us on Twitter @example for more.</p></article>`),
      { url },
    );
    expect(d.paragraphs).toEqual([para(1), para(2)]);
  });

  it('drops a teaser grid of linked cards', () => {
    const card = (n: number): string => `<div class="card"><a href="/s/${n}"><img src="/i/${n}.jpg">Other story ${n}</a><span>Short teaser ${n}</span></div>`;
    const d = extract(page(`<article><p>${para(1)}</p><div class="grid">${[1, 2, 3, 4].map(card).join('')}</div><p>${para(2)}</p></article>`), { url });
    expect(d.paragraphs).toEqual([para(1), para(2)]);
  });

  it('ignores generated ids that happen to contain chrome words', () => {
    const d = extract(page(`<article><p id="KTBOEWS2SNBALNLWH3URI3DN5I">${para(1)}</p><p>${para(2)}</p></article>`), { url });
    expect(d.paragraphs).toEqual([para(1), para(2)]);
  });
});

describe('recall on pages that are not news', () => {
  it("keeps the lead paragraph of an article's header, not its title, byline or date", () => {
    const lead = 'The city council voted on Thursday to keep the library open until ten at night, after a survey of readers.';
    const d = extract(
      page(`<article><header class="article-header"><h1>A story about things</h1><p class="byline">By Jane Roe</p><time>June 3, 2019</time><p class="teaser">${lead}</p></header>
      <div class="body"><p>${para(1)}</p><p>${para(2)}</p></div></article>`),
      { url },
    );
    expect(d.paragraphs).toEqual([lead, para(1), para(2)]);
  });

  it("keeps a site header's menus out", () => {
    const d = extract(
      page(`<header class="site-header"><h1><a href="/">Example News</a></h1><ul><li><a href="/a">World</a></li><li><a href="/b">Business</a></li><li><a href="/c">Sports</a></li></ul></header><article><p>${para(1)}</p><p>${para(2)}</p></article>`),
      { url },
    );
    expect(d.paragraphs).toEqual([para(1), para(2)]);
  });

  it('reads a forum thread whose posts sit in a container named for replies', () => {
    const post = (n: number): string =>
      `<article class="message"><div class="message-user"><a href="/u/${n}">user${n}</a></div><div class="message-body"><div class="bbWrapper">Post ${n}: my cat has been shedding a lot since the spring, and brushing every day, as the vet said, has not helped much.</div></div></article>`;
    const d = extract(page(`<div class="block-body js-replyContainer">${[1, 2, 3, 4].map(post).join('')}</div><div class="footer-links"><a href="/help">Help</a></div>`), { url });
    for (const n of [1, 2, 3, 4]) expect(d.text).toContain(`Post ${n}: my cat has been shedding`);
  });

  it('joins a second part of the body that sits in a sibling box', () => {
    const d = extract(
      page(`<main><div class="intro-box"><div class="inner"><p>${para(1)}</p><p>${para(2)}</p></div></div><div class="more-box"><div class="inner"><p>${para(3)}</p><p>${para(4)}</p></div></div></main>`),
      { url },
    );
    expect(d.paragraphs).toEqual([para(1), para(2), para(3), para(4)]);
  });

  it('scores the paragraphs of a page pasted whole into an article', () => {
    const d = extract(page(`<div class="wrap"><article class="post"><html><body><p>${para(1)}</p><p>${para(2)}</p><p>${para(3)}</p></body></html></article></div><div class="teaser-box"><p>Short promo line.</p></div>`), { url });
    expect(d.paragraphs).toEqual([para(1), para(2), para(3)]);
  });

  it('ends the text at a heading that opens the tail: related posts, author box', () => {
    for (const heading of ['Related posts', 'Über den Autor', 'Te puede interesar', 'À lire aussi']) {
      const d = extract(page(`<article><p>${para(1)}</p><p>${para(2)}</p><h3>${heading}</h3><p>${para(3).replace('story', 'other page')}</p></article>`), { url });
      expect(d.paragraphs).toEqual([para(1), para(2)]);
    }
  });

  it('drops labelled metadata lines, channel and membership promotions, rights notices', () => {
    const d = extract(
      page(`<article><p>Kategorie: News, Politik</p><p>${para(1)}</p><p>${para(2)}</p><p>Credit: Jane Roe</p><p>Síguenos en Telegram, Instagram y Twitter</p><p>Follow The Example Times on Twitter and Instagram</p><p>Hazte miembro y disfruta de beneficios exclusivos.</p><p>Alle Rechte vorbehalten.</p></article>`),
      { url },
    );
    expect(d.paragraphs).toEqual([para(1), para(2)]);
  });
});

describe('no empty output for a page with a main text', () => {
  it('falls back to all the paragraphs of a page that gives one box to each paragraph', () => {
    const box = (n: number): string =>
      `<div class="con"><div class="modCon"><div class="mod"><div class="boxCon"><div class="box"><div class="paragraph"><p class="text">${para(n)}</p></div></div></div></div></div></div>`;
    const d = extract(
      page(`<div class="con head"><div class="box"><h1>A story about things</h1><div class="authorWrapper"><p class="webtime">Stand: 20. April 2020, 14:57 Uhr</p></div></div></div>${[1, 2, 3].map(box).join('')}<div class="footer-links"><a href="/a">Impressum</a></div>`),
      { url },
    );
    for (const n of [1, 2, 3]) expect(d.text).toContain(para(n));
  });
});
