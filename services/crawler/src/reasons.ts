/**
 * Typed reasons a URL ends without a page. Policy refusals are `skipped`; anything that went wrong
 * on the way (HTTP errors, timeouts, DNS, redirects) is `failed`. HTTP statuses become `http_<status>`.
 */
const SKIP_REASONS = new Set([
  'robots_disallowed',
  'private_network',
  'content_type_not_allowed',
  'too_large',
  'out_of_scope',
  'max_depth',
  'not_modified',
  'feed_expanded',
  'sitemap_expanded',
  'unsupported_scheme',
  'invalid_url',
  'job_cancelled',
]);

export function finalStateFor(reason: string): 'failed' | 'skipped' {
  return SKIP_REASONS.has(reason) ? 'skipped' : 'failed';
}
