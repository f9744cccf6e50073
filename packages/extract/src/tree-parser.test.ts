import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseInto } from './tree-parser.js';

const KEEP = new Set(['id', 'class', 'href', 'lang']);

/** htmlparser2's own events for the page, with attribute maps cut to the kept names. */
function reference(html: string): string[] {
  const out: string[] = [];
  const parser = new Parser(
    {
      onopentag: (name, attrs) => out.push(`<${name} ${JSON.stringify(Object.fromEntries(Object.entries(attrs).filter(([k]) => KEEP.has(k))))}>`),
      ontext: (text) => out.push(`text ${text}`),
      onclosetag: (name) => out.push(`</${name}>`),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

function ours(html: string): string[] {
  const out: string[] = [];
  parseInto(html, KEEP, {
    wantsDetail: () => true,
    onopentag: (name, attrs) => out.push(`<${name} ${JSON.stringify(attrs)}>`),
    ontext: (text) => out.push(`text ${text}`),
    onclosetag: (name) => out.push(`</${name}>`),
  });
  return out;
}

const TREES = [
  '<p>one<p>two<div>three</p><li>a<li>b</ul><h1>x<h2>y</h1>',
  '<table><tr><td>1<td>2<tr><th>3</table><dl><dt>a<dd>b<dt>c</dl>',
  '<form id=a><form id=b><input name=x><select><option>1<option>2</select><button>go<input></form>',
  '</p><p>after a stray close</br>and a stray break</div>',
  '<svg viewBox="0 0 1 1"><clipPath id=c><path/></clippath><foreignObject><p>html inside</p></foreignObject><title>t</title></svg>',
  '<math><mi>x</mi><annotation-xml><svg><desc>d</desc></svg></annotation-xml></math><image src=a.png>',
  '<div CLASS="First" class="second" ID=x Href="/a?b=1&amp;c=2" data-src="skipped">text &amp; more &copy</div>',
  '<script>var a = "<p>not a tag</p>"; if (a < b) {}</script><style>.a>b{}</style><title>T &amp; T</title>',
  '<ruby>漢<rp>(</rp><rt>kan<rt>ji</ruby><body><head><link rel=x><p>unclosed <b>bold <i>both',
  '<div><![CDATA[ comment in html ]]><svg><![CDATA[ text in svg ]]></svg><!-- c --></div>',
  '<a href=1>one<a href=2>two</a><tbody><tr><td>x<tfoot><td>y',
  '<p>한국어 &middot; 본문<br/>둘째 줄<hr/></p><div class="x" hidden>숨김</div>',
  '<img data-x="a&amp;b&quot;c" alt=\'x &lt; y\' class="k&amp;l&#34;" srcset="a.jpg?w=1&amp;h=2 1x, b.jpg 2x" id=\'&quot;q\'><a href="?a&amp">&</a>',
];

describe('tree parser', () => {
  it('makes the same open, text and close events as htmlparser2, attributes cut to the kept names', () => {
    for (const html of TREES) expect(ours(html)).toEqual(reference(html));
  });

  it('makes the same events on the fixture pages', () => {
    const dir = join(import.meta.dirname, '../test/fixtures');
    for (const file of readdirSync(dir)) {
      const html = readFileSync(join(dir, file), 'latin1');
      expect(ours(html)).toEqual(reference(html));
    }
  });

  it('reads no attributes and no text while the sink skips', () => {
    let skipping = false;
    const seen: string[] = [];
    parseInto('<p class=a>kept<svg class=b><text>dropped</text></svg>kept too</p>', KEEP, {
      wantsDetail: () => !skipping,
      onopentag: (name, attrs) => {
        seen.push(`<${name} ${JSON.stringify(attrs)}>`);
        if (name === 'svg') skipping = true;
      },
      ontext: (text) => seen.push(text),
      onclosetag: (name) => {
        if (name === 'svg') skipping = false;
      },
    });
    expect(seen).toEqual(['<p {"class":"a"}>', 'kept', '<svg {"class":"b"}>', '<text {}>', 'kept too']);
  });
});
