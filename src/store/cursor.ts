import { InvalidCursorError } from "./store.errors.js";

/** Event-log cursors are Redis Streams ids, `<ms>-<seq>`, in both implementations. */
const CURSOR = /^(\d{1,15})-(\d{1,15})$/;

export const isCursor = (s: string): boolean => CURSOR.test(s);

export function parseCursor(s: string): [number, number] {
  const m = CURSOR.exec(s);
  if (!m) throw new InvalidCursorError("after", "MALFORMED_EVENT_CURSOR", s);
  return [Number(m[1]), Number(m[2])];
}

/** Orders cursors like the log does (negative when a is older). */
export function compareCursors(a: string, b: string): number {
  const [am, as] = parseCursor(a);
  const [bm, bs] = parseCursor(b);
  return am !== bm ? am - bm : as - bs;
}
