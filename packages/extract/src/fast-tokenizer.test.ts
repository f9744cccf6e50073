import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, type Handler } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { FastTokenizer } from './fast-tokenizer.js';

const OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true };

/** Every event the parser emits, in order, with attribute values, text and comment data. */
function events(html: string, fast: boolean, chunks = 1): string[] {
  const out: string[] = [];
  const handler: Partial<Handler> = {
    onopentag: (name, attrs) => out.push(`<${name} ${JSON.stringify(attrs)}>`),
    ontext: (text) => out.push(`text ${text}`),
    onclosetag: (name, implied) => out.push(`</${name}${implied ? ' implied' : ''}>`),
    oncomment: (data) => out.push(`comment ${data}`),
    oncdatastart: () => out.push('cdata'),
    onprocessinginstruction: (name, data) => out.push(`pi ${name} ${data}`),
  };
  const parser = new Parser(handler, fast ? { ...OPTIONS, Tokenizer: FastTokenizer } : OPTIONS);
  const size = Math.ceil(html.length / chunks);
  for (let i = 0; i < html.length; i += size) parser.write(html.slice(i, i + size));
  parser.end();
  return out;
}

const TRICKY = [
  '<p>Fish &amp; chips &notin the menu &amp no semicolon, &#x41;&#66; &nbsp;done</p>',
  '<p title="a &amp; b &quot;quoted&quot;" data-x=\'single &lt; quote\' data-y=unquoted&amp;more data-z=&gt>x</p>',
  '<script>if (a < b && c </scr) { x = "</script" } </script><p>after</p>',
  '<script><</script><style>p > a { color: red } </style ><title>T &amp; T</title>',
  '<textarea>Keep &lt;b&gt; as text</textarea><!-- a comment -- with dashes --!><!----><!--->',
  '<svg><![CDATA[ raw ]]><path d="M0 0L10 10"/></svg><math><mi>x</mi></math>',
  '<!doctype html><?php echo 1 ?><![if IE]><p>x</p><![endif]>',
  '<div class="unclosed attribute value that runs to the end of the page',
  '<p>text with no markup after it and an ampersand at the very end &',
  '<p>한국어 본문 &middot; 기사 &lt;인용&gt;</p><img alt="사진 &amp; 설명" src="a.jpg?x=1&y=2">',
  '<a href="/x?a=1&b=2&amp;c=3">link</a><p>&amp;&amp;&&#;&#x;&#xZZ;</p>',
  '<plaintext><p>all text & no tags</p>',
];

describe('fast tokenizer', () => {
  it('emits the same events as htmlparser2 on markup that exercises every skipped state', () => {
    for (const html of TRICKY) expect(events(html, true)).toEqual(events(html, false));
  });

  it('emits the same events when the page is written in chunks', () => {
    for (const html of TRICKY) for (const chunks of [2, 3, 7]) expect(events(html, true, chunks)).toEqual(events(html, false, chunks));
  });

  it('emits the same events on the fixture pages', () => {
    const dir = join(import.meta.dirname, '../test/fixtures');
    for (const file of readdirSync(dir)) {
      const html = readFileSync(join(dir, file), 'latin1');
      expect(events(html, true)).toEqual(events(html, false));
    }
  });
});
