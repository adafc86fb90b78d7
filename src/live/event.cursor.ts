import { compareCursors as compareLogCursors, isCursor } from "../store/cursor.js";

/**
 * Event cursors as the live engine uses them: the event log's own format (`<ms>-<seq>`, defined in
 * store/cursor.ts) plus `null` for "before everything". Never compare cursors as strings ("9-0" > "10-0").
 */

/** True when `value` has the shape of an event cursor. */
export const isEventCursor = (value: string): boolean => isCursor(value);

/**
 * Orders two cursors: negative when `a` is older, 0 when equal, positive when newer; `null` is older
 * than any cursor. Throws on a malformed cursor (callers validate input first with `isEventCursor`).
 */
export function compareEventCursors(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Math.sign(compareLogCursors(a, b));
}
