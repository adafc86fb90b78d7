import { redisScript } from "./redis.script.js";

// Separator of key parts (tokens and tenant ids hold no control character) and the byte after it (prefix ranges).
const PARTS = `
local SEP = string.char(10)
local AFTER = string.char(11)
`;

/**
 * Applies alert versions of one tenant to the aggregate, atomically per call: the memory index's `record`, step by step.
 * KEYS: the tenant's contributions (hash id → JSON {v, s, t, k}), stats (hash `<token>\n<tenant>` → JSON {f, l, n, s}),
 *       tenants (lex sorted set of `<token>\n<tenant>`), shared (lex sorted set of `<tenant>\n<lastSeen>\n<token>`).
 * ARGV: tenant id, then per alert: id, version time key, severity, seen time key, token count, tokens…
 */
export const recordIndicatorsScript = redisScript(`${PARTS}
local tenant = ARGV[1]
local function tenantCount(tok)
  return redis.call('ZLEXCOUNT', KEYS[3], '[' .. tok .. SEP, '(' .. tok .. AFTER)
end
local function tenantsOf(tok)
  return redis.call('ZRANGE', KEYS[3], '[' .. tok .. SEP, '(' .. tok .. AFTER, 'BYLEX')
end
-- The shared-list member of a tenant's stats entry (field = '<token>\\n<tenant>').
local function sharedOf(field, tok)
  local other = string.sub(field, #tok + 2)
  local o = cjson.decode(redis.call('HGET', KEYS[2], field))
  return other .. SEP .. o.l .. SEP .. tok
end

local function change(tok, removeSev, addSev, seen)
  local field = tok .. SEP .. tenant
  local raw = redis.call('HGET', KEYS[2], field)
  if (not raw) and (not addSev) then return end
  local s
  if raw then s = cjson.decode(raw) else s = { f = seen, l = seen, n = 0, s = {} } end
  if raw then redis.call('ZREM', KEYS[4], tenant .. SEP .. s.l .. SEP .. tok) end
  if removeSev then
    s.n = s.n - 1
    local left = (s.s[removeSev] or 0) - 1
    if left > 0 then s.s[removeSev] = left else s.s[removeSev] = nil end
  end
  if addSev then
    s.n = s.n + 1
    s.s[addSev] = (s.s[addSev] or 0) + 1
    if seen < s.f then s.f = seen end
    if seen > s.l then s.l = seen end
  end
  if s.n <= 0 then
    redis.call('HDEL', KEYS[2], field)
    redis.call('ZREM', KEYS[3], field)
    if tenantCount(tok) == 1 then
      local rest = tenantsOf(tok)
      redis.call('ZREM', KEYS[4], sharedOf(rest[1], tok))
    end
    return
  end
  redis.call('HSET', KEYS[2], field, cjson.encode(s))
  if not raw then redis.call('ZADD', KEYS[3], 0, field) end
  local count = tenantCount(tok)
  if count < 2 then return end
  redis.call('ZADD', KEYS[4], 0, tenant .. SEP .. s.l .. SEP .. tok)
  if (not raw) and count == 2 then
    for _, m in ipairs(tenantsOf(tok)) do
      if m ~= field then redis.call('ZADD', KEYS[4], 0, sharedOf(m, tok)) end
    end
  end
end

local i = 2
while i <= #ARGV do
  local id, v, sev, seen, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  local toks = {}
  for j = 1, n do toks[j] = ARGV[i + 4 + j] end
  i = i + 5 + n
  local raw = redis.call('HGET', KEYS[1], id)
  local prev = nil
  if raw then prev = cjson.decode(raw) end
  if not (prev and v < prev.v) then
    local kept, had = {}, {}
    for _, tok in ipairs(toks) do kept[tok] = true end
    if prev then
      for _, tok in ipairs(prev.k) do
        had[tok] = true
        if not kept[tok] then change(tok, prev.s, nil, seen) end
      end
    end
    for _, tok in ipairs(toks) do
      local removeSev = nil
      if had[tok] then removeSev = prev.s end
      change(tok, removeSev, sev, seen)
    end
    redis.call('HSET', KEYS[1], id, cjson.encode({ v = v, s = sev, t = seen, k = toks }))
  end
end
return 1
`);

/**
 * Every tenant's stats of each token, in one round trip. KEYS: tenants, stats. ARGV: tokens.
 * Returns per token: the number of its tenants, then (tenant id, stats JSON) per tenant.
 */
export const indicatorStatsScript = redisScript(`${PARTS}
local out = {}
for _, tok in ipairs(ARGV) do
  local fields = redis.call('ZRANGE', KEYS[1], '[' .. tok .. SEP, '(' .. tok .. AFTER, 'BYLEX')
  out[#out + 1] = #fields
  for _, f in ipairs(fields) do
    out[#out + 1] = string.sub(f, #tok + 2)
    out[#out + 1] = redis.call('HGET', KEYS[2], f) or 'null'
  end
end
return out
`);
