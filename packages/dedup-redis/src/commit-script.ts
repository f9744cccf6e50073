/**
 * Stores a judged document's state and applies its changes to earlier documents, atomically.
 * Mirrors the in-memory store's commit: a state another document already decided wins; changes
 * made on the premise that this document is canonical follow it to its canonical when it is not;
 * duplicates of a demoted document move to the new canonical.
 *
 * ARGV: prefix, docId, state JSON, update count, then (kind 'd'|'s', target docId, payload JSON).
 * Returns {final state JSON, changed state JSON...}.
 */
export const COMMIT_SCRIPT = `
local P = ARGV[1]
local docId = ARGV[2]
local function seqOf(id) return redis.call('HGET', P .. 'i:' .. string.sub(id, 1, 3), string.sub(id, 4)) end
-- d:<seq> is a document's hash: f its features (the claim's), s its state (with _by, who set it),
-- x, only when needed, what is pending on it and what its commit changed, and o, while a document
-- whose content changed is judged again, its last state. Claims read s as it is stored.
local function load(seq)
  local rec = {}
  local doc = redis.call('HMGET', P .. 'd:' .. seq, 's', 'x', 'o')
  local v, x = doc[1], doc[2]
  rec.last = doc[3]
  if v then
    rec.state = cjson.decode(v)
    rec.by = rec.state._by
    rec.state._by = nil
  end
  if x then
    rec.x = true
    local e = cjson.decode(x)
    rec.pending = e.pending
    rec.changed = e.changed
  end
  return rec
end
local function save(seq, rec)
  if rec.state then
    rec.state._by = rec.by
    redis.call('HSET', P .. 'd:' .. seq, 's', cjson.encode(rec.state))
    rec.state._by = nil
  end
  local hasPending = type(rec.pending) == 'table' and #rec.pending > 0
  local hasChanged = type(rec.changed) == 'table' and #rec.changed > 0
  if hasPending or hasChanged then
    redis.call('HSET', P .. 'd:' .. seq, 'x', cjson.encode({pending = rec.pending, changed = rec.changed}))
  elseif rec.x then
    redis.call('HDEL', P .. 'd:' .. seq, 'x')
  end
end
local function list(t) if type(t) == 'table' then return t end return {} end
local function membership(id, before, after)
  if before and before.verdict == 'duplicate' then redis.call('SREM', P .. 'm:' .. before.canonicalId, id) end
  if after.verdict == 'duplicate' then redis.call('SADD', P .. 'm:' .. after.canonicalId, id) end
end
local function addSource(st, source, covered)
  if st.verdict ~= 'unique' or st.docId == source.id then return false end
  local sources = list(st.sources)
  for _, s in ipairs(sources) do if s.id == source.id then return false end end
  sources[#sources + 1] = source
  st.sources = sources
  local cov = list(st.covered)
  local seen = {}
  for _, h in ipairs(cov) do seen[h] = true end
  for _, h in ipairs(list(covered)) do if not seen[h] then cov[#cov + 1] = h; seen[h] = true end end
  st.covered = cov
  local ev = list(st.evidence)
  local has = false
  for _, e in ipairs(ev) do if e == 'contains' then has = true end end
  if not has then table.insert(ev, 1, 'contains') end
  st.evidence = ev
  st.version = (st.version or 0) + 1
  return true
end

local changed = {}
local changedOrder = {}
local function mark(id, st)
  if id == docId then return end
  if not changed[id] then changedOrder[#changedOrder + 1] = id end
  changed[id] = st
end
-- Duplicates of a demoted document follow it to its canonical.
local function moveMembers(from, canonicalId, clusterId)
  for _, m in ipairs(redis.call('SMEMBERS', P .. 'm:' .. from)) do
    local mseq = seqOf(m)
    if mseq then
      local mrec = load(mseq)
      if mrec.state and mrec.state.verdict == 'duplicate' then
        local before = { verdict = 'duplicate', canonicalId = mrec.state.canonicalId }
        mrec.state.canonicalId = canonicalId
        mrec.state.clusterId = clusterId
        mrec.state.version = (mrec.state.version or 0) + 1
        membership(m, before, mrec.state)
        save(mseq, mrec)
        mark(m, mrec.state)
      end
    end
  end
end

local selfSeq = seqOf(docId)
if not selfSeq then return redis.error_reply('WINNOW_ERR_DEDUP_COMMIT_BEFORE_CLAIM ' .. docId) end
local rec = load(selfSeq)
local final
if rec.state and rec.by ~= docId then
  final = rec.state
else
  local last = rec.last
  local before = rec.state or (last and cjson.decode(last))
  final = cjson.decode(ARGV[3])
  for _, p in ipairs(list(rec.pending)) do addSource(final, p.source, p.covered) end
  final.version = ((before and before.version) or 0) + 1
  membership(docId, before, final)
  if last then redis.call('HDEL', P .. 'd:' .. selfSeq, 'o') end
  rec.by = docId
end
rec.state = final
rec.pending = nil
save(selfSeq, rec)
local n = tonumber(ARGV[4])
for i = 0, n - 1 do
  local kind = ARGV[5 + i * 3]
  local target = ARGV[6 + i * 3]
  local payload = cjson.decode(ARGV[7 + i * 3])
  local tseq = seqOf(target)
  if tseq then
    local trec = load(tseq)
    if kind == 's' then
      if final.verdict ~= 'unique' then payload.source.id = final.canonicalId end
      if not trec.state then
        local pending = list(trec.pending)
        pending[#pending + 1] = payload
        trec.pending = pending
        save(tseq, trec)
      elseif addSource(trec.state, payload.source, payload.covered) then
        save(tseq, trec)
        mark(target, trec.state)
      end
    elseif kind == 'd' then
      if final.verdict ~= 'unique' then
        payload.canonicalId = final.canonicalId
        payload.clusterId = final.clusterId
      end
      if target ~= payload.canonicalId then
        payload.version = ((trec.state and trec.state.version) or 0) + 1
        membership(target, trec.state, payload)
        trec.state = payload
        trec.by = docId
        save(tseq, trec)
        mark(target, payload)
        moveMembers(target, payload.canonicalId, payload.clusterId)
      end
    end
  end
end
if #changedOrder > 0 then
  rec = load(selfSeq)
  rec.changed = changedOrder
  save(selfSeq, rec)
end
local out = {cjson.encode(final)}
for _, id in ipairs(changedOrder) do out[#out + 1] = cjson.encode(changed[id]) end
return out
`;
