/** Date parsing for page metadata: ISO strings, `2017.07.04 17:32`, `2017년 7월 4일`, `Nov 18, 2019`. */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 1990 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

function offsetOf(tz: string | undefined, fallback: string): string {
  if (tz === undefined || tz === '') return fallback;
  if (/^z$/i.test(tz) || /^(utc|gmt)$/i.test(tz)) return 'Z';
  if (/^kst$/i.test(tz)) return '+09:00';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
  if (m === null) return fallback;
  const off = `${m[1]}${m[2]}:${m[3] ?? '00'}`;
  return off === '+00:00' || off === '-00:00' ? 'Z' : off;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, off: string): string | null {
  if (!valid(y, mo, d, h, mi, s)) return null;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${off}`;
}

/**
 * Parses a date as written on a page into an ISO 8601 timestamp with offset. Times without a zone get
 * `defaultOffset` (`+09:00` for Korean pages). Returns null for anything that is not a plausible date.
 */
export function parseDate(input: string, defaultOffset = 'Z'): string | null {
  const s = input.trim();
  if (s === '') return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT|KST)?)?/i.exec(s);
  if (m !== null) {
    const [, y, mo, d, h, mi, sec, tz] = m;
    return build(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(sec ?? 0), offsetOf(tz, defaultOffset));
  }
  m = /(\d{4})\s*[./년-]\s*(\d{1,2})\s*[./월-]\s*(\d{1,2})\s*일?\.?(?:\s*\([^)]{1,3}\))?(?:\s*(오전|오후|AM|PM)?\s*(\d{1,2})\s*[:시]\s*(\d{1,2})\s*분?(?:\s*:\s*(\d{2}))?\s*(오전|오후|AM|PM)?)?/i.exec(s);
  if (m !== null) {
    const [, y, mo, d, ampm1, h, mi, sec, ampm2] = m;
    let hour = +(h ?? 0);
    const ampm = (ampm1 ?? ampm2 ?? '').toUpperCase();
    if ((ampm === 'PM' || ampm === '오후') && hour < 12) hour += 12;
    if ((ampm === 'AM' || ampm === '오전') && hour === 12) hour = 0;
    return build(+y!, +mo!, +d!, hour, +(mi ?? 0), +(sec ?? 0), defaultOffset);
  }
  m = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\D{1,5}(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?/i.exec(s);
  if (m !== null) {
    const [, mon, d, y, h, mi, ampm] = m;
    return withClock(+y!, MONTHS[mon!.toLowerCase()] ?? 0, +d!, h, mi, ampm, defaultOffset);
  }
  m = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})(?:\D{1,5}(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?/i.exec(s);
  if (m !== null) {
    const [, d, mon, y, h, mi, ampm] = m;
    return withClock(+y!, MONTHS[mon!.toLowerCase()] ?? 0, +d!, h, mi, ampm, defaultOffset);
  }
  return null;
}

function withClock(
  y: number,
  mo: number,
  d: number,
  h: string | undefined,
  mi: string | undefined,
  ampm: string | undefined,
  off: string,
): string | null {
  let hour = +(h ?? 0);
  const pm = (ampm ?? '').toLowerCase().startsWith('p');
  if (pm && hour < 12) hour += 12;
  if (!pm && ampm !== undefined && hour === 12) hour = 0;
  return build(y, mo, d, hour, +(mi ?? 0), 0, off);
}

const KO_PUBLISHED = /(?:입력|등록|기사입력|게재|발행|작성|승인|송고)\s*(?:일|일시|시간)?\s*[:：]?\s*[[(]?\s*(\d{4}\s*[./년-]\s*\d{1,2}\s*[./월-]\s*\d{1,2}\s*일?\.?\s*(?:\([^)]{1,3}\)\s*)?(?:(?:오전|오후)\s*)?(?:\d{1,2}\s*[:시]\s*\d{1,2}(?:\s*:\s*\d{2})?)?)/;
const KO_MODIFIED = /(?:수정|최종수정|업데이트|갱신)\s*(?:일|일시|시간)?\s*[:：]?\s*[[(]?\s*(\d{4}\s*[./년-]\s*\d{1,2}\s*[./월-]\s*\d{1,2}\s*일?\.?\s*(?:\([^)]{1,3}\)\s*)?(?:(?:오전|오후)\s*)?(?:\d{1,2}\s*[:시]\s*\d{1,2}(?:\s*:\s*\d{2})?)?)/;
const EN_PUBLISHED = /(?:published|posted|posted on|first published)\s*:?\s*(?:on\s+)?([A-Za-z]{3,9}\.? \d{1,2},? \d{4}(?:,? (?:at )?\d{1,2}:\d{2}\s*[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}[T\d:+\- ]*)/i;
const EN_MODIFIED = /(?:updated|modified|last updated)\s*:?\s*(?:on\s+)?([A-Za-z]{3,9}\.? \d{1,2},? \d{4}(?:,? (?:at )?\d{1,2}:\d{2}\s*[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}[T\d:+\- ]*)/i;

/** Dates written in the page text: `입력 2017.07.04 17:32`, `수정 …`, `Published Nov 18, 2019`. */
export function datesInText(text: string, defaultOffset: string): { published: string | null; modified: string | null } {
  const p = KO_PUBLISHED.exec(text) ?? EN_PUBLISHED.exec(text);
  const m = KO_MODIFIED.exec(text) ?? EN_MODIFIED.exec(text);
  return {
    published: p?.[1] === undefined ? null : parseDate(p[1], defaultOffset),
    modified: m?.[1] === undefined ? null : parseDate(m[1], defaultOffset),
  };
}
