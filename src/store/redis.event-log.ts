import type { Redis } from "ioredis";
import { cursorExpired } from "../errors/errors.js";
import type { Logger } from "../logger.js";
import { compareCursors, parseCursor } from "./cursor.js";
import type { EventLogRetention } from "./memory.event-log.js";
import type { AlertEventRecord, EventLog, NewAlertEvent } from "./store.types.js";

type StreamEntry = [id: string, fields: string[]];

const decode = ([id, fields]: StreamEntry): AlertEventRecord => {
  const body = JSON.parse(fields[1]!) as Omit<AlertEventRecord, "cursor">;
  return { ...body, cursor: id };
};

/**
 * The event log on a Redis Stream: XADD with approximate MAXLEN (and MINID for age), XRANGE for replay,
 * and ONE blocking reader per process that fans out to in-process listeners. The reader resumes from its
 * last id after any connection loss, so a Redis blip delays events but loses or repeats none.
 */
export function createRedisEventLog(
  redis: Redis,
  reader: Redis,
  key: string,
  retention: EventLogRetention & { logger?: Logger; blockMs?: number } = {},
): EventLog & { start(fromId: string): void; stop(): Promise<void>; latestId(): Promise<string> } {
  const maxLen = retention.maxLen ?? 100_000;
  const maxAgeMs = retention.maxAgeMs ?? 24 * 3_600_000;
  const blockMs = retention.blockMs ?? 1_000;
  const listeners = new Set<(e: AlertEventRecord) => void>();
  let running = false;
  let loop: Promise<void> | null = null;
  let appends = 0;

  const latestId = async (): Promise<string> => {
    const last = (await redis.xrevrange(key, "+", "-", "COUNT", 1)) as StreamEntry[];
    return last[0]?.[0] ?? "0-0";
  };

  const trimmedThrough = async (): Promise<string | null> => {
    try {
      const info = (await redis.call("XINFO", "STREAM", key)) as unknown[];
      for (let i = 0; i < info.length; i += 2) if (info[i] === "max-deleted-entry-id") return info[i + 1] === "0-0" ? null : String(info[i + 1]);
    } catch {
      /* no stream yet */
    }
    return null;
  };

  const run = async (fromId: string) => {
    let lastId = fromId;
    while (running) {
      try {
        const res = (await reader.xread("COUNT", 1_000, "BLOCK", blockMs, "STREAMS", key, lastId)) as [string, StreamEntry[]][] | null;
        if (!res) continue;
        for (const entry of res[0]![1]) {
          lastId = entry[0];
          const record = decode(entry);
          for (const l of listeners) l(record);
        }
      } catch (e) {
        if (!running) break;
        retention.logger?.warn({ err: (e as Error).message }, "event log reader lost Redis; resuming from its last id");
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };

  return {
    async append(event: NewAlertEvent) {
      const at = new Date().toISOString();
      const body = JSON.stringify({ ...event, at });
      const id = (await redis.xadd(key, "MAXLEN", "~", maxLen, "*", "e", body)) as string;
      // Age trimming is cheap but not free: do it every 100 appends.
      if (++appends % 100 === 0) await redis.xtrim(key, "MINID", "~", Date.now() - maxAgeMs);
      return { ...event, at, cursor: id };
    },
    async read(after, limit) {
      if (after !== null) {
        parseCursor(after);
        const trimmed = await trimmedThrough();
        if (trimmed && compareCursors(after, trimmed) < 0) throw cursorExpired(after);
      }
      const entries = (await redis.xrange(key, after === null ? "-" : `(${after}`, "+", "COUNT", Math.max(1, limit))) as StreamEntry[];
      return limit <= 0 ? [] : entries.map(decode);
    },
    async latestCursor() {
      const id = await latestId();
      return id === "0-0" ? null : id;
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(fromId) {
      if (running) return;
      running = true;
      loop = run(fromId);
    },
    async stop() {
      running = false;
      reader.disconnect();
      await loop;
    },
    latestId,
  };
}
