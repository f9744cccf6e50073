import { OBSERVE_SITE_LUA } from './site-boilerplate-script.js';

/**
 * Registers one document and returns what it collides with, atomically, so that of two documents
 * judged at once on different instances the later one always sees the earlier.
 *
 * ARGV: prefix, docId, features blob (first 8 bytes: content hash), bucket cap, max candidates,
 * buckets packed 9 bytes each (family 'b'|'p' and shard uint32 BE, the key's last 5 bytes as they
 * are; field 4 bytes): the LSH bands and the paragraph hashes. One binary argument keeps the call
 * cheap to send.
 * Optionally, ARGV 7-14 record the page's site lines first (observeSite: lines key, pages key,
 * minPages, minSitePages, maxLines, ttl, packed line keys), then the template the features were
 * computed without (packed); when the site's answer differs, nothing is claimed.
 * Returns {'t', answer} when the template differs, {'r', stateJson, changed state JSON...} for a
 * redelivery, {'u', stateJson} for a new document that shares no bucket (committed unique here),
 * else {'c', blob1, state1, blob2, state2, ...}.
 */
export const CLAIM_SCRIPT = `${OBSERVE_SITE_LUA}
local P = ARGV[1]
local docId = ARGV[2]
local blob = ARGV[3]
local cap = tonumber(ARGV[4])
local maxCand = tonumber(ARGV[5])
local packed = ARGV[6]
local nb = #packed / 9
if #ARGV >= 14 then
  local answer = observeSite(ARGV[7], ARGV[8], docId, tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), ARGV[13])
  if answer ~= ARGV[14] then return {'t', answer} end
end
local idKey = P .. 'i:' .. string.sub(docId, 1, 3)
local idField = string.sub(docId, 4)
local seq = redis.call('HGET', idKey, idField)
local fresh = false
if seq then
  local doc = redis.call('HMGET', P .. 'd:' .. seq, 'f', 's', 'x', 'o')
  local old, st, x = doc[1], doc[2], doc[3]
  if old and string.sub(old, 1, 8) == string.sub(blob, 1, 8) then
    if st then
      local out = {'r', st}
      local changed = x and cjson.decode(x).changed
      if type(changed) == 'table' then
        for _, id in ipairs(changed) do
          local cseq = redis.call('HGET', P .. 'i:' .. string.sub(id, 1, 3), string.sub(id, 4))
          local cst = cseq and redis.call('HGET', P .. 'd:' .. cseq, 's')
          if cst then out[#out + 1] = cst end
        end
      end
      return out
    end
  else
    -- Its content changed: judged again. Its last state is kept apart ('o') for the commit, which
    -- continues its version and its cluster memberships from it.
    -- (Changed again before its commit: the state before both is the one kept.)
    local dk = P .. 'd:' .. seq
    local last = st or doc[4]
    redis.call('DEL', dk)
    if last then redis.call('HSET', dk, 'f', blob, 'o', last) else redis.call('HSET', dk, 'f', blob) end
  end
else
  fresh = true
  seq = tostring(redis.call('INCR', P .. 'seq'))
  redis.call('HSET', idKey, idField, seq)
  redis.call('HSET', P .. 'd:' .. seq, 'f', blob)
end
-- Sequence numbers are counted as numbers (struct.unpack): a 4-byte string per entry would be
-- interned by Lua, which cost more than the rest of the loop.
local meN = tonumber(seq)
local me = struct.pack('>I4', meN)
local hits = {}
local order = {}
for i = 0, nb - 1 do
  local o = i * 9
  local key = P .. string.sub(packed, o + 1, o + 5)
  local field = string.sub(packed, o + 6, o + 9)
  local v = redis.call('HGET', key, field)
  if v then
    local mine = false
    for j = 1, #v, 4 do
      local s = struct.unpack('>I4', v, j)
      if s == meN then
        mine = true
      elseif hits[s] then
        hits[s] = hits[s] + 1
      else
        hits[s] = 1
        order[#order + 1] = s
      end
    end
    if not mine and #v < cap * 4 then redis.call('HSET', key, field, v .. me) end
  else
    redis.call('HSET', key, field, me)
  end
end
-- A new document that shares no bucket with any other is unique: its state (as the commit script
-- would store it, with nothing pending on a document claimed just now) is stored here, and no
-- commit follows.
if fresh and #order == 0 then
  local id = cjson.encode(docId)
  local st = '{"docId":' .. id .. ',"verdict":"unique","relation":null,"canonicalId":' .. id .. ',"clusterId":' .. id ..
    ',"scores":null,"evidence":[],"sources":[],"covered":[],"version":1,"_by":' .. id .. '}'
  redis.call('HSET', P .. 'd:' .. seq, 's', st)
  return {'u', st}
end
table.sort(order, function(a, b)
  if hits[a] ~= hits[b] then return hits[a] > hits[b] end
  return a < b
end)
local out = {'c'}
for i = 1, math.min(#order, maxCand) do
  local doc = redis.call('HMGET', P .. 'd:' .. order[i], 'f', 's')
  if doc[1] then
    out[#out + 1] = doc[1]
    out[#out + 1] = doc[2] or ''
  end
end
return out
`;
