import { isCursor, parseCursor } from "../store/cursor.js";

/**
 * Event cursors as the live engine uses them: the event log's own format (`<ms>-<seq>`, defined in
 * store/cursor.ts) plus `null` for "before everything". Never compare cursors as strings ("9-0" > "10-0").
 */

/** True when `value` has the shape of an event cursor. */
export const isEventCursor = (value: string): boolean => isCursor(value);

/**
 * The last few cursors parsed. The hub compares one event's cursor with every subscriber's last one, and
 * those are nearly all the same two strings (this event, the previous one): parsed once, not per subscriber.
 */
const parsed: { cursor: string; value: [number, number] }[] = [];
const PARSED_KEPT = 4;
const parse = (cursor: string): [number, number] => {
  for (const p of parsed) if (p.cursor === cursor) return p.value;
  const value = parseCursor(cursor);
  if (parsed.length >= PARSED_KEPT) parsed.pop();
  parsed.unshift({ cursor, value });
  return value;
};

/**
 * Orders two cursors: negative when `a` is older, 0 when equal, positive when newer; `null` is older
 * than any cursor. Throws on a malformed cursor (callers validate input first with `isEventCursor`).
 */
export function compareEventCursors(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [am, as] = parse(a);
  const [bm, bs] = parse(b);
  return Math.sign(am !== bm ? am - bm : as - bs);
}
