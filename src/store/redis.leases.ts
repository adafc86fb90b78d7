import type { Redis } from "ioredis";
import type { RedisKeys } from "./redis.keys.js";
import type { LeaseManager } from "./store.types.js";

// KEYS: lease, fence. ARGV: holder, ttl. Returns the new fencing token, or 0 when someone else holds it.
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, '|', 1, true)
  if string.sub(cur, 1, sep - 1) ~= ARGV[1] then return 0 end
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
`;
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Leases as `SET key holder|token PX ttl` guarded by Lua; the token comes from a counter in the same slot. */
export function createRedisLeases(redis: Redis, keys: RedisKeys): LeaseManager {
  return {
    async acquire(name, holder, ttlMs) {
      const token = (await redis.eval(ACQUIRE, 2, keys.lease(name), keys.fence(name), holder, ttlMs)) as number;
      return token > 0 ? { name, holder, token } : null;
    },
    async renew(lease, ttlMs) {
      return ((await redis.eval(RENEW, 1, keys.lease(lease.name), `${lease.holder}|${lease.token}`, ttlMs)) as number) === 1;
    },
    async release(lease) {
      await redis.eval(RELEASE, 1, keys.lease(lease.name), `${lease.holder}|${lease.token}`);
    },
  };
}
