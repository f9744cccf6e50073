import type { Block } from './render.js';

function prefix(b: Block): string {
  switch (b.kind) {
    case 'h':
      return `${'#'.repeat(Math.min(6, Math.max(1, b.level)))} `;
    case 'li':
      return `${'  '.repeat(Math.max(0, b.level - 1))}${b.ordinal === null ? '-' : `${b.ordinal}.`} `;
    case 'quote':
      return '> '.repeat(Math.max(1, b.level));
    default:
      return '';
  }
}

/** Markdown of the main content: headings, lists, quotes, code and tables kept. */
export function toMarkdown(blocks: readonly Block[], mask: (s: string) => string): string {
  const out: string[] = [];
  let prev: Block | null = null;
  for (const b of blocks) {
    let piece: string;
    if (b.kind === 'pre') piece = `\`\`\`\n${mask(b.text)}\n\`\`\``;
    else if (b.kind === 'row') {
      piece = mask(b.md);
      if (b.tableStart) piece += `\n|${' --- |'.repeat(b.level)}`;
    } else {
      const p = prefix(b);
      const body = mask(b.md).replace(/\n/g, b.kind === 'quote' ? `  \n${p}` : '  \n');
      piece = p + body;
    }
    const tight = prev !== null && ((prev.kind === 'li' && b.kind === 'li') || (prev.kind === 'row' && b.kind === 'row' && !b.tableStart));
    if (out.length > 0) out.push(tight ? '\n' : '\n\n');
    out.push(piece);
    prev = b;
  }
  return out.join('');
}
