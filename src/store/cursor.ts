import { InvalidCursorError } from "./store.errors.js";

/** Event-log cursors are Redis Streams ids, `<ms>-<seq>`, in both implementations. */
const CURSOR = /^(\d{1,15})-(\d{1,15})$/;

export const isCursor = (s: string): boolean => CURSOR.test(s);

export function parseCursor(s: string): [number, number] {
  const m = CURSOR.exec(s);
  if (!m) throw new InvalidCursorError("after", "MALFORMED_EVENT_CURSOR", s);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Orders cursors like the log does: negative when `a` is older, 0 when equal, positive when newer;
 * `null` ("before everything") is older than any cursor. Throws on a malformed cursor (validate input
 * first). The one cursor order of the gateway (the store, the live hub and the pull feed use it).
 */
export function compareCursors(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [am, as] = parseCursor(a);
  const [bm, bs] = parseCursor(b);
  return Math.sign(am !== bm ? am - bm : as - bs);
}
