/** The article facts a page states in JSON-LD (schema.org Article and its kin). */
export interface LdArticle {
  headline: string | null;
  authors: string[];
  datePublished: string | null;
  dateModified: string | null;
  publisher: string | null;
  description: string | null;
  url: string | null;
}

const ARTICLE_TYPES = /article|posting|report|newsarticle|blogposting|webpage|review|recipe|creativework/i;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function str(v: Json | undefined): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v !== null && typeof v === 'object') return str(v['@value'] ?? v.name);
  return null;
}

function names(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => names(x));
  if (typeof v === 'string') return v.trim() === '' ? [] : [v.trim()];
  if (typeof v === 'object') {
    const n = str(v.name);
    return n === null ? [] : [n];
  }
  return [];
}

/** JSON as pages write it: wrapped in comments or CDATA, with trailing commas or raw line breaks in strings. */
function parseLenient(raw: string): Json | undefined {
  const text = raw.trim().replace(/^(?:<!--|\/\/\s*<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>)$/g, '').trim();
  try {
    return JSON.parse(text) as Json;
  } catch {
    try {
      return JSON.parse(text.replace(/[\r\n\t]+/g, ' ').replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return undefined;
    }
  }
}

/** Objects of every JSON-LD block, @graph flattened; iterative so a deep structure cannot blow the stack. */
function objects(blocks: readonly string[]): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  for (const raw of blocks) {
    const parsed = parseLenient(raw);
    if (parsed === undefined) continue;
    const stack: Json[] = [parsed];
    while (stack.length > 0 && out.length < 200) {
      const v = stack.pop() as Json;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push(v[i] as Json);
      } else if (v !== null && typeof v === 'object') {
        out.push(v);
        const g = v['@graph'];
        if (g !== undefined) stack.push(g);
      }
    }
  }
  return out;
}

function typeOf(o: Record<string, Json>): string {
  return typeName(o['@type']);
}

/** The type names in an @type value; an object is not a name and contributes none. */
function typeName(t: Json | undefined): string {
  if (Array.isArray(t)) return t.map(typeName).join(' ');
  return t !== null && typeof t === 'object' ? '' : String(t ?? '');
}

export function readJsonLd(blocks: readonly string[]): LdArticle | null {
  const candidates = objects(blocks).filter((o) => ARTICLE_TYPES.test(typeOf(o)));
  // Prefer an article type over a bare WebPage.
  candidates.sort((a, b) => rank(typeOf(b)) - rank(typeOf(a)));
  const o = candidates[0];
  if (o === undefined) return null;
  const main = o.mainEntityOfPage;
  return {
    headline: str(o.headline) ?? str(o.name),
    authors: names(o.author),
    datePublished: str(o.datePublished) ?? str(o.dateCreated),
    dateModified: str(o.dateModified),
    publisher: names(o.publisher)[0] ?? null,
    description: str(o.description),
    url: str(o.url) ?? (main !== null && typeof main === 'object' && !Array.isArray(main) ? str(main['@id']) : str(main)),
  };
}

/** Every `articleBody` the page's JSON-LD states, in the order written. */
export function articleBodies(blocks: readonly string[]): string[] {
  const out: string[] = [];
  for (const o of objects(blocks)) {
    const body = str(o.articleBody);
    if (body !== null) out.push(body);
  }
  return out;
}

function rank(type: string): number {
  if (/newsarticle|reportage/i.test(type)) return 3;
  if (/article|posting/i.test(type)) return 2;
  if (/webpage/i.test(type)) return 0;
  return 1;
}
