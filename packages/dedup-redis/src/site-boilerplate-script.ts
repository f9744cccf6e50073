/**
 * Records one page of a site and returns the lines that are boilerplate on that site, atomically, so
 * that concurrent instances count each page once.
 *
 * KEYS: the site's line counts (hash: line key -> distinct pages), the site's pages (hash: docId ->
 * the answer it was given, keys joined by ',').
 * ARGV: docId, minPages, minSitePages, maxLines, ttlSeconds, then the page's distinct line keys.
 * A page already recorded gets its stored answer and changes no count (redelivery). A line first seen
 * when the site already tracks maxLines lines is not tracked. Returns the answer, keys joined by ','.
 */
export const SITE_BOILERPLATE_SCRIPT = `
local linesKey = KEYS[1]
local pagesKey = KEYS[2]
local docId = ARGV[1]
local minPages = tonumber(ARGV[2])
local minSitePages = tonumber(ARGV[3])
local maxLines = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local prior = redis.call('HGET', pagesKey, docId)
if prior then return prior end
local tracked = redis.call('HLEN', linesKey)
local counts = {}
for i = 6, #ARGV do
  local line = ARGV[i]
  if tracked < maxLines then
    counts[i] = redis.call('HINCRBY', linesKey, line, 1)
    if counts[i] == 1 then tracked = tracked + 1 end
  elseif redis.call('HEXISTS', linesKey, line) == 1 then
    counts[i] = redis.call('HINCRBY', linesKey, line, 1)
  else
    counts[i] = 0
  end
end
local out = {}
if redis.call('HLEN', pagesKey) + 1 >= minSitePages then
  for i = 6, #ARGV do
    if counts[i] >= minPages then out[#out + 1] = ARGV[i] end
  end
end
local answer = table.concat(out, ',')
redis.call('HSET', pagesKey, docId, answer)
redis.call('EXPIRE', linesKey, ttl)
redis.call('EXPIRE', pagesKey, ttl)
return answer
`;
