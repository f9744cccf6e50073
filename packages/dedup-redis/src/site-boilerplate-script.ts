/**
 * observeSite(linesKey, pagesKey, docId, minPages, minSitePages, maxLines, ttl, packed): records one
 * page of a site and returns the lines that are boilerplate on that site, atomically, so that
 * concurrent instances count each page once. Shared by the site-boilerplate script and the claim
 * script (which records the page's lines in the same call as its claim).
 *
 * linesKey: the site's line counts (hash: line key -> distinct pages); pagesKey: the site's pages
 * (hash: docId -> the answer it was given); packed: the page's distinct line keys (8 bytes each,
 * concatenated). A page already recorded gets its stored answer and changes no count (redelivery).
 * A line first seen when the site already tracks maxLines lines is not tracked. Returns the answer:
 * the boilerplate keys, concatenated, in the page's order.
 */
export const OBSERVE_SITE_LUA = `
local function observeSite(linesKey, pagesKey, docId, minPages, minSitePages, maxLines, ttl, packed)
  local prior = redis.call('HGET', pagesKey, docId)
  if prior then return prior end
  local tracked = redis.call('HLEN', linesKey)
  local lines = {}
  local counts = {}
  for o = 1, #packed, 8 do
    local line = string.sub(packed, o, o + 7)
    local n = 0
    if tracked < maxLines then
      n = redis.call('HINCRBY', linesKey, line, 1)
      if n == 1 then tracked = tracked + 1 end
    elseif redis.call('HEXISTS', linesKey, line) == 1 then
      n = redis.call('HINCRBY', linesKey, line, 1)
    end
    lines[#lines + 1] = line
    counts[#counts + 1] = n
  end
  local out = {}
  if redis.call('HLEN', pagesKey) + 1 >= minSitePages then
    for i = 1, #lines do
      if counts[i] >= minPages then out[#out + 1] = lines[i] end
    end
  end
  local answer = table.concat(out)
  redis.call('HSET', pagesKey, docId, answer)
  redis.call('EXPIRE', linesKey, ttl)
  redis.call('EXPIRE', pagesKey, ttl)
  return answer
end
`;

/** KEYS: linesKey, pagesKey. ARGV: docId, minPages, minSitePages, maxLines, ttlSeconds, packed keys. */
export const SITE_BOILERPLATE_SCRIPT = `${OBSERVE_SITE_LUA}
return observeSite(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6])
`;
