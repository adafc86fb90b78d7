import { compareCursors, isCursor } from "../../store/cursor.js";

/**
 * Event cursors as the subscription code uses them: the event log's own format (`<ms>-<seq>`, defined in
 * store/cursor.ts) plus `null` for "before everything". Never compare cursors as strings ("9-0" > "10-0").
 */

/** True when `value` has the shape of an event cursor. */
export const isEventCursor = (value: string): boolean => isCursor(value);

/** The event log's cursor order (store/cursor.ts): `null` is older than any cursor. */
export { compareCursors };
