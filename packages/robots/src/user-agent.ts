// User-agent handling as in Google's robots.cc: a user-agent line names a product
// token made of [a-zA-Z_-]; anything after it ("Googlebot/2.1", "Foo Bar") is ignored.

const PRODUCT_TOKEN = /^[A-Za-z_-]*/;

/** The leading [a-zA-Z_-] characters of a user-agent value (Google's ExtractUserAgent). */
export function extractUserAgent(userAgent: string): string {
  return PRODUCT_TOKEN.exec(userAgent)![0];
}

/** True when the whole value is a non-empty product token (Google's IsValidUserAgentToObey). */
export function isValidUserAgentToObey(userAgent: string | undefined | null): boolean {
  return !!userAgent && extractUserAgent(userAgent) === userAgent;
}

/** ASCII-only lower-casing, as absl::EqualsIgnoreCase compares octets. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/**
 * The token a crawler matches robots.txt groups against. Google's matcher compares
 * the caller's agent verbatim, so "Foo Bar" matches no group named "Foo". A full
 * HTTP User-Agent header of the form "Name/version ..." is reduced to "Name", so
 * `isAllowed(txt, 'WinnowBot/1.0 (+https://...)', url)` obeys "User-agent: WinnowBot".
 */
export function productToken(userAgent: string): string {
  const token = extractUserAgent(userAgent);
  return token.length > 0 && userAgent[token.length] === '/' ? token : userAgent;
}
