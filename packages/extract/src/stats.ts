import type { Element } from './tree.js';

/** Text statistics of one element's subtree, as the content scorer computes them. */
export interface Stats {
  len: number;
  linkLen: number;
  commas: number;
  /** Text in the element's own inline content, outside block children. */
  inlineLen: number;
  inlineCommas: number;
  blockChild: boolean;
  /** Text of paragraphs (`p` outside links) in the subtree. */
  pLen: number;
  /** Length and commas of the element's own text nodes, reused by the second pass. */
  ownLen: number;
  ownCommas: number;
}

/** Read access to the stats computed for a tree. */
export interface StatsView {
  get(el: Element): Stats | undefined;
}
