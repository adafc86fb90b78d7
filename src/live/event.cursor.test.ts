import { describe, expect, it } from "vitest";
import { compareEventCursors, isEventCursor } from "./event.cursor.js";

describe("event cursors", () => {
  it("order numerically by time, then sequence (never as text)", () => {
    expect(compareEventCursors("9-0", "10-0")).toBeLessThan(0);
    expect(compareEventCursors("10-2", "10-10")).toBeLessThan(0);
    expect(compareEventCursors("10-10", "10-10")).toBe(0);
    expect(compareEventCursors("11-0", "10-99")).toBeGreaterThan(0);
    expect(compareEventCursors(null, "0-0")).toBeLessThan(0);
    expect(compareEventCursors("0-1", null)).toBeGreaterThan(0);
  });

  it("recognise the Redis Streams id shape only", () => {
    expect(isEventCursor("1700000000000-3")).toBe(true);
    for (const bad of ["", "abc", "1-", "-1", "1-2-3", "1.5-2", "$", "+", " 1-2"]) expect(isEventCursor(bad)).toBe(false);
    expect(() => compareEventCursors("x", "1-1")).toThrow(/event cursor/);
  });
});
