import type { Redis } from "ioredis";
import { VersionConflictError } from "./store.errors.js";
import type { RedisKeys } from "./redis.keys.js";
import type { DocumentStore, Versioned } from "./store.types.js";

// KEYS: doc, ids. ARGV: id, json, expectedVersion (-1 = any). Returns new version or -(current version)-1 on conflict.
const PUT = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
local expected = tonumber(ARGV[3])
if expected >= 0 and expected ~= cur then return -cur - 1 end
redis.call('HSET', KEYS[1], 'v', cur + 1, 'd', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return cur + 1
`;

const DEL = `
local n = redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return n
`;

/** Documents as one hash per document (`v` version, `d` JSON) plus an id set per collection, CAS in Lua. */
export function createRedisDocuments(redis: Redis, keys: RedisKeys): DocumentStore {
  const parse = <T>(h: Record<string, string> | null): Versioned<T> | null =>
    h && h.d !== undefined ? { value: JSON.parse(h.d) as T, version: Number(h.v) } : null;
  return {
    async get<T>(collection: string, id: string) {
      return parse<T>(await redis.hgetall(keys.doc(collection, id)));
    },
    async list<T>(collection: string) {
      const ids = await redis.smembers(keys.docIds(collection));
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.doc(collection, id));
      const res = (await pipeline.exec()) ?? [];
      return res.map(([, h]) => parse<T>(h as Record<string, string>)).filter((v): v is Versioned<T> => v !== null);
    },
    async put<T>(collection: string, id: string, value: T, expectedVersion?: number) {
      const v = (await redis.eval(
        PUT,
        2,
        keys.doc(collection, id),
        keys.docIds(collection),
        id,
        JSON.stringify(value),
        expectedVersion ?? -1,
      )) as number;
      if (v < 0) throw new VersionConflictError(collection, id, expectedVersion ?? -1, -v - 1);
      return v;
    },
    async delete(collection, id) {
      return ((await redis.eval(DEL, 2, keys.doc(collection, id), keys.docIds(collection), id)) as number) > 0;
    },
    async claim(key, ttlMs) {
      return (await redis.set(keys.claim(key), "1", "PX", Math.max(1, Math.round(ttlMs)), "NX")) === "OK";
    },
  };
}
