import { decodeHTML } from 'entities';
import { articleBodies } from './json-ld.js';
import { escapeMd, type Block } from './render.js';

/** Tags that end a paragraph when an `articleBody` is written as HTML. */
const BREAKS = /<(?:br|\/p|\/div|\/h[1-6]|\/li|\/blockquote)\b[^>]*>/gi;
const TAG = /<\/?[a-z][^>]*>/gi;

/**
 * The article as the page states it in JSON-LD `articleBody`, one block per line: the text of a page
 * that renders its article from a script and leaves the HTML with little more than a teaser.
 */
export function ldBodyBlocks(jsonLd: readonly string[]): Block[] {
  let best = '';
  for (const body of articleBodies(jsonLd)) if (body.length > best.length) best = body;
  if (best === '') return [];
  const plain = decodeHTML(best.replace(BREAKS, '\n').replace(TAG, ''));
  const blocks: Block[] = [];
  for (const line of plain.split(/\s*\n\s*/)) {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    blocks.push({ kind: 'p', text, md: escapeMd(text), level: 0, ordinal: null, linkChars: 0, links: [], tableStart: false });
  }
  return blocks;
}
