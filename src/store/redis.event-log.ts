import type { Redis } from "ioredis";
import { CursorExpiredError } from "./store.errors.js";
import type { Logger } from "../logger.js";
import { timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import type { ChangeLog, ChangeRecord, ChangeSubject, NewChange } from "./change-log.types.js";
import { compareCursors, parseCursor } from "./cursor.js";
import { alertEvents } from "./event-subjects.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { redisScript } from "./redis.script.js";
import type { AlertEventRecord } from "./store.types.js";

type StreamEntry = [id: string, fields: string[]];

/**
 * XADD, then trim by count and by age exactly (XTRIM MINID =), remembering the newest trimmed id so
 * `read` can tell precisely whether a cursor missed anything. (Redis 7.0 does not record trimmed ids:
 * XINFO's max-deleted-entry-id only follows XDEL.) Count trimming is batched by `slack` entries, the
 * point of `MAXLEN ~`, without losing track of what went.
 * KEYS: stream, trimmed marker. ARGV: entry JSON, maxLen, maxAgeMs, slack.
 */
const TRIM_LUA = `
local function parse(x)
  local ms, seq = string.match(x, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function trim(id)
local ms = parse(id)
local maxLen, maxAge, slack = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cut = nil
local len = redis.call('XLEN', KEYS[1])
if len > maxLen + slack then
  local r = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', math.min(len - maxLen, 10000))
  cut = r[#r][1]
end
if ms > maxAge then
  local r = redis.call('XREVRANGE', KEYS[1], '(' .. string.format('%d', ms - maxAge) .. '-0', '-', 'COUNT', 1)
  if #r > 0 then
    local old = r[1][1]
    if cut == nil then
      cut = old
    else
      local a1, a2 = parse(old)
      local b1, b2 = parse(cut)
      if a1 > b1 or (a1 == b1 and a2 > b2) then cut = old end
    end
  end
end
if cut then
  local c1, c2 = parse(cut)
  redis.call('XTRIM', KEYS[1], 'MINID', '=', string.format('%d-%d', c1, c2 + 1))
  redis.call('SET', KEYS[2], cut)
end
end
`;

const appendScript = redisScript(`${TRIM_LUA}
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
trim(id)
return id
`);

/**
 * The idempotent append of one change (see `ChangeLog.appendChange`): the per-subject marker holds
 * the newest time key evented; same slot as the stream, so check, XADD and marker are atomic.
 * KEYS: stream, trimmed marker, subject marker. ARGV: entry JSON, maxLen, maxAgeMs, slack, kind, time key, marker TTL ms.
 * Returns false (nil) when nothing was appended, else {id, kind}; the kind rides in field `k`.
 */
const appendChangeScript = redisScript(`${TRIM_LUA}
local prev = redis.call('GET', KEYS[3])
local kind = ARGV[5]
if prev then
  if ARGV[6] <= prev then return false end
  kind = 'UPDATED'
end
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1], 'k', kind)
redis.call('SET', KEYS[3], ARGV[6], 'PX', ARGV[7])
trim(id)
return {id, kind}
`);

export interface RedisEventLogOptions extends EventLogRetention {
  logger?: Logger;
  /** How long one XREAD blocks before it is reissued, ms. Default 5,000. */
  blockMs?: number;
}

export interface RedisChangeLog<R extends ChangeRecord> extends ChangeLog<R> {
  /** Starts the process's one blocking reader after `fromId` (exclusive). Idempotent. */
  start(fromId: string): void;
  /** Stops the reader (disconnects its connection) and waits for its loop to end. */
  stop(): Promise<void>;
  /** Last id the stream generated (survives trimming), "0-0" when the stream does not exist. */
  lastGeneratedId(): Promise<string>;
}

/** The alert event log's stream reader and control (see `createRedisChangeLog`). */
export type RedisEventLog = RedisChangeLog<AlertEventRecord>;

/** Where a log lives: its stream, its trim marker and its per-subject markers, all in one slot. */
export interface ChangeLogKeys {
  stream: string;
  trimmed: string;
  marker: (tenantId: string, subjectId: string) => string;
}

/** The alert event log (see `createRedisChangeLog`). */
export function createRedisEventLog(redis: Redis, reader: Redis, keys: ChangeLogKeys, opts: RedisEventLogOptions = {}): RedisEventLog {
  return createRedisChangeLog<AlertEventRecord>(redis, reader, keys, alertEvents, opts);
}

/**
 * The event log of one subject kind on one Redis Stream. Appends from any replica; `read` replays with XRANGE from an
 * exclusive start; ONE blocking reader per process (`XREAD BLOCK` on its own connection) fans out to
 * in-process listeners. The reader keeps its last id across connection loss and reissues the read
 * after ioredis reconnects, so a Redis outage delays events but loses or repeats none.
 */
export function createRedisChangeLog<R extends ChangeRecord>(
  redis: Redis,
  reader: Redis,
  keys: ChangeLogKeys,
  subject: ChangeSubject<R>,
  opts: RedisEventLogOptions = {},
): RedisChangeLog<R> {
  const maxLen = opts.maxLen ?? 100_000;
  const maxAgeMs = opts.maxAgeMs ?? 24 * 3_600_000;
  const slack = Math.min(100, Math.floor(maxLen / 100));
  const blockMs = opts.blockMs ?? 5_000;
  // A marker outliving its events costs a few bytes; one expiring before a stuck subject is evented costs a duplicate.
  const markerTtlMs = Math.max(maxAgeMs, 7 * 24 * 3_600_000);
  const listeners = new Set<(e: R) => void>();
  let running = false;
  let loop: Promise<void> | null = null;
  let onStop: () => void = () => {};
  // A read pending while ioredis reconnects may never settle after disconnect(): stop must not wait on it.
  const stopped = new Promise<null>((resolve) => (onStop = () => resolve(null)));

  const decode = ([id, fields]: StreamEntry): R => {
    const i = fields.indexOf("e");
    const record = { ...(JSON.parse(fields[i + 1]) as Omit<R, "cursor">), cursor: id } as R;
    // appendChange decides the kind inside Redis (a CREATED may become UPDATED): field `k` wins.
    const k = fields.indexOf("k");
    if (k >= 0 && k % 2 === 0) record.kind = fields[k + 1] as R["kind"];
    return subject.revive ? subject.revive(record) : record;
  };

  const dispatch = (record: R) => {
    for (const l of listeners) {
      try {
        l(record);
      } catch (e) {
        opts.logger?.error({ err: e, cursor: record.cursor }, `${subject.name} event listener threw`);
      }
    }
  };

  const run = async (fromId: string) => {
    let lastId = fromId;
    let failures = 0;
    while (running) {
      try {
        const pending = reader.xread("COUNT", 1_000, "BLOCK", blockMs, "STREAMS", keys.stream, lastId) as Promise<
          [string, StreamEntry[]][] | null
        >;
        pending.catch(() => undefined);
        const res = await Promise.race([pending, stopped]);
        if (!running) break;
        failures = 0;
        for (const entry of res?.[0]?.[1] ?? []) {
          lastId = entry[0];
          dispatch(decode(entry));
        }
      } catch (e) {
        if (!running) break;
        if (failures++ === 0)
          opts.logger?.warn({ err: (e as Error).message, lastId }, "event log reader lost Redis; resuming from its last id");
        // stop() must not wait out the back-off.
        await Promise.race([new Promise((r) => setTimeout(r, Math.min(2_000, 50 * failures))), stopped]);
      }
    }
  };

  return {
    async append(event) {
      const at = new Date().toISOString();
      const id = (await appendScript(
        redis,
        [keys.stream, keys.trimmed],
        [JSON.stringify({ ...event, at }), maxLen, maxAgeMs, slack],
      )) as string;
      return { ...event, at, cursor: id } as R;
    },
    async appendChange(event: NewChange<R>) {
      const at = new Date().toISOString();
      const version = timeKey(subject.version(event)) ?? ZERO_TIME_KEY;
      const res = (await appendChangeScript(
        redis,
        [keys.stream, keys.trimmed, keys.marker(event.tenantId, subject.id(event))],
        [JSON.stringify({ ...event, at }), maxLen, maxAgeMs, slack, event.kind, version, markerTtlMs],
      )) as [string, R["kind"]] | null;
      return res ? ({ ...event, kind: res[1], at, cursor: res[0] } as R) : null;
    },
    async read(after, limit) {
      if (after !== null) parseCursor(after);
      if (limit <= 0) return [];
      // Atomically: the trim marker and the entries, so "nothing after `after` was trimmed" holds for what we return.
      const res = await redis
        .multi()
        .get(keys.trimmed)
        .xrange(keys.stream, after === null ? "-" : `(${after}`, "+", "COUNT", limit)
        .exec();
      if (!res) throw new Error("event log read aborted");
      const [[errT, trimmed], [errR, entries]] = res as [[Error | null, string | null], [Error | null, StreamEntry[]]];
      if (errT) throw errT;
      if (errR) throw errR;
      if (after !== null && trimmed && compareCursors(after, trimmed) < 0) throw new CursorExpiredError(after);
      return entries.map(decode);
    },
    async latestCursor() {
      const last = (await redis.xrevrange(keys.stream, "+", "-", "COUNT", 1)) as StreamEntry[];
      return last[0]?.[0] ?? null;
    },
    listen(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start(fromId) {
      if (running) return;
      running = true;
      loop = run(fromId);
    },
    async stop() {
      running = false;
      onStop();
      // A blocked XREAD only ends when its connection does.
      reader.disconnect();
      await loop;
    },
    async lastGeneratedId() {
      try {
        const info = (await redis.call("XINFO", "STREAM", keys.stream)) as unknown[];
        const i = info.indexOf("last-generated-id");
        return i >= 0 ? String(info[i + 1]) : "0-0";
      } catch {
        return "0-0";
      }
    },
  };
}
