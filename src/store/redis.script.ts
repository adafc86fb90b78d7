import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type RedisScript = (redis: Redis, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet (first use,
 * restart, SCRIPT FLUSH). Scripts touch only the keys they are given, all in one hash slot.
 */
export function redisScript(lua: string): RedisScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
