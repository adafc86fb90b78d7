import { redisScript } from "./redis.script.js";

/**
 * Upsert of one tenant's alerts, atomic per call, compare-and-set on the lastUpdateTime time key.
 * KEYS: alerts, synced, facets, state, by-updated, by-created, open, fence, version (INCR on any alert write), pending.
 * ARGV: fence token (-1 = unfenced), claim TTL ms, syncedAt, then per alert
 *       (id, alert JSON, facets JSON, updated key, created key, severity, open 1|0, source API).
 * Returns {'STALE'} when the fence is stale (nothing written), else a flat list of
 * (id, kind, stored JSON or '' when the caller's version is the stored one) per reported change.
 * State per alert: u/c = stored time keys, o/s = open flag and severity (for the open counts),
 * e = evented time key ('' = never), p/pu/pt = claimed time key, claim deadline (ms, Redis clock) and
 * the claimant's fencing token (0 = unfenced), src = the API the stored copy came from (absent = `defender`: written
 * before the Graph switch). The same version from the other API (a tenant switched APIs) replaces the stored copy
 * without a new event. An id is in `pending` while e < u (what claimPending sweeps).
 */
const claimLua = (fenceKey: number) => `
local token = tonumber(ARGV[1])
if token >= 0 then
  local current = tonumber(redis.call('GET', KEYS[${fenceKey}]) or '0')
  if current > token then return {'STALE'} end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
-- Claims st for the caller when its stored version is not evented and nobody live appends it; returns the kind or nil.
local function claim(st)
  if st.e ~= '' and st.e >= st.u then return nil end
  local live = st.p ~= '' and tonumber(st.pu) > now
  -- A claim by an older lease holder is dead: that replica lost the lease (killed or fenced out).
  local pt = tonumber(st.pt or 0)
  if live and token > 0 and pt > 0 and pt < token then live = false end
  if live and st.p >= st.u then return nil end
  st.p = st.u
  st.pu = now + ttl
  if token > 0 then st.pt = token else st.pt = 0 end
  if st.e == '' then return 'CREATED' end
  return 'UPDATED'
end
`;

export const upsertScript = redisScript(`${claimLua(8)}
local syncedAt = ARGV[3]
local out = {}
local written = false
for i = 4, #ARGV, 8 do
  local id, json, facets, u, c, sev, open, src = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
  local raw = redis.call('HGET', KEYS[4], id)
  local st = nil
  if raw then st = cjson.decode(raw) end
  local stale = false
  if (not st) or u > st.u then
    if st then
      redis.call('ZREM', KEYS[5], st.u .. ':' .. id)
      redis.call('ZREM', KEYS[6], st.c .. ':' .. id)
      if st.o == '1' and redis.call('HINCRBY', KEYS[7], st.s, -1) <= 0 then redis.call('HDEL', KEYS[7], st.s) end
    else
      st = { e = '', p = '', pu = 0, pt = 0 }
    end
    redis.call('HSET', KEYS[1], id, json)
    redis.call('HSET', KEYS[3], id, facets)
    written = true
    redis.call('ZADD', KEYS[5], 0, u .. ':' .. id)
    redis.call('ZADD', KEYS[6], 0, c .. ':' .. id)
    if open == '1' then redis.call('HINCRBY', KEYS[7], sev, 1) end
    st.u = u
    st.c = c
    st.o = open
    st.s = sev
    st.src = src
    redis.call('HSET', KEYS[2], id, syncedAt)
  elseif u == st.u then
    redis.call('HSET', KEYS[2], id, syncedAt)
    if (st.src or 'defender') ~= src then
      if st.o == '1' and redis.call('HINCRBY', KEYS[7], st.s, -1) <= 0 then redis.call('HDEL', KEYS[7], st.s) end
      if c ~= st.c then
        redis.call('ZREM', KEYS[6], st.c .. ':' .. id)
        redis.call('ZADD', KEYS[6], 0, c .. ':' .. id)
      end
      redis.call('HSET', KEYS[1], id, json)
      redis.call('HSET', KEYS[3], id, facets)
      if open == '1' then redis.call('HINCRBY', KEYS[7], sev, 1) end
      st.c = c
      st.o = open
      st.s = sev
      st.src = src
      written = true
    end
  else
    stale = true
  end
  if st.e == '' or st.e < st.u then redis.call('SADD', KEYS[10], id) end
  local kind = claim(st)
  if kind then
    out[#out + 1] = id
    out[#out + 1] = kind
    if stale then out[#out + 1] = redis.call('HGET', KEYS[1], id) else out[#out + 1] = '' end
  end
  redis.call('HSET', KEYS[4], id, cjson.encode(st))
end
if written then redis.call('INCR', KEYS[9]) end
return out
`);

/**
 * The sweep: claims up to `limit` pending alerts (see claimLua) and returns (id, kind, stored JSON)*,
 * or {'STALE'}. KEYS: alerts, state, pending, fence. ARGV: fence token (-1 = unfenced), claim TTL ms, limit.
 */
export const claimPendingScript = redisScript(`${claimLua(4)}
local limit = tonumber(ARGV[3])
local out = {}
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if n >= limit then break end
  local raw = redis.call('HGET', KEYS[2], id)
  if not raw then
    redis.call('SREM', KEYS[3], id)
  else
    local st = cjson.decode(raw)
    if st.e ~= '' and st.e >= st.u then
      redis.call('SREM', KEYS[3], id)
    else
      local kind = claim(st)
      if kind then
        redis.call('HSET', KEYS[2], id, cjson.encode(st))
        n = n + 1
        out[#out + 1] = id
        out[#out + 1] = kind
        out[#out + 1] = redis.call('HGET', KEYS[1], id)
      end
    end
  end
end
return out
`);

/** KEYS: state, pending. ARGV: id, evented time key. Moves the acknowledgement forward and releases the claim. */
export const markEventedScript = redisScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local st = cjson.decode(raw)
if st.e == '' or ARGV[2] > st.e then st.e = ARGV[2] end
if st.p ~= '' and st.p <= ARGV[2] then st.p = '' end
if st.e >= st.u then redis.call('SREM', KEYS[2], ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(st))
return 1
`);

/**
 * One chunk of a tenant's order with the facets of each member, in one round trip.
 * KEYS: sorted set, facets. ARGV: start, stop (ZRANGE BYLEX bounds, already swapped for REV), rev 1|0, count.
 * Returns a flat list (member, facets JSON)*.
 */
export const rangeScript = redisScript(`
local members
if ARGV[3] == '1' then
  members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'REV', 'LIMIT', 0, tonumber(ARGV[4]))
else
  members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'LIMIT', 0, tonumber(ARGV[4]))
end
local out = {}
for _, m in ipairs(members) do
  local id = string.sub(m, 18)
  out[#out + 1] = m
  out[#out + 1] = redis.call('HGET', KEYS[2], id) or 'null'
end
return out
`);
