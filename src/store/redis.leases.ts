import type { Redis } from "ioredis";
import type { RedisKeys } from "./redis.keys.js";
import { redisScript } from "./redis.script.js";
import type { LeaseManager } from "./store.types.js";

/**
 * KEYS: lease, fence. ARGV: holder, ttl ms. Returns the new fencing token, or 0 when another holder
 * has the lease. The value is `<token>|<holder>` (token first: holders may contain '|').
 */
const acquireScript = redisScript(`
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, '|', 1, true)
  if string.sub(cur, sep + 1) ~= ARGV[1] then return 0 end
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
return token
`);
/** KEYS: lease. ARGV: expected value, ttl ms. Extends only our own lease (never plain PEXPIRE). */
const renewScript = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
/** KEYS: lease. ARGV: expected value. Deletes only our own lease (never plain DEL). */
const releaseScript = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Single-instance Redis leases (`SET NX PX` semantics with a token check), each with a fencing token
 * from an INCR counter in the same slot that strictly increases whenever the lease is (re)taken.
 * Re-acquiring one's own live lease also issues a new token.
 */
export function createRedisLeases(redis: Redis, keys: RedisKeys): LeaseManager {
  const ms = (ttlMs: number) => Math.max(1, Math.round(ttlMs));
  return {
    async acquire(name, holder, ttlMs) {
      const token = Number(await acquireScript(redis, [keys.lease(name), keys.fence(name)], [holder, ms(ttlMs)]));
      return token > 0 ? { name, holder, token } : null;
    },
    async renew(lease, ttlMs) {
      return Number(await renewScript(redis, [keys.lease(lease.name)], [`${lease.token}|${lease.holder}`, ms(ttlMs)])) === 1;
    },
    async release(lease) {
      await releaseScript(redis, [keys.lease(lease.name)], [`${lease.token}|${lease.holder}`]);
    },
  };
}
