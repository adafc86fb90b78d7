/**
 * Event-log cursors: Redis Streams entry ids `<ms>-<seq>` (the memory log uses the same format).
 * Order is numeric on `ms`, then on `seq`; never compare them as strings ("9-0" > "10-0" as text).
 */

const CURSOR = /^(\d{1,16})-(\d{1,16})$/;

/** True when `value` has the shape of an event cursor. */
export const isEventCursor = (value: string): boolean => CURSOR.test(value);

/**
 * Orders two cursors: negative when `a` is older, 0 when equal, positive when newer. `null` ("before
 * everything") is older than any cursor. Throws on a malformed cursor (callers validate input first).
 */
export function compareCursors(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const ma = CURSOR.exec(a);
  const mb = CURSOR.exec(b);
  if (!ma || !mb) throw new Error(`expected event cursors '<ms>-<seq>', but got '${a}' and '${b}'`);
  const ms = Number(ma[1]) - Number(mb[1]);
  return ms !== 0 ? Math.sign(ms) : Math.sign(Number(ma[2]) - Number(mb[2]));
}
