import { describe, expect, it } from "vitest";
import { TIME_KEY_WIDTH, timeKey } from "./alert-query.js";

/** The definition: Date.parse for the milliseconds, fraction digits 4–6 for the microseconds. */
function reference(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms < 0) return null;
  const micros = Number(((/T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1] ?? "") + "000000").slice(3, 6));
  return String(ms * 1000 + micros).padStart(TIME_KEY_WIDTH, "0");
}

describe("timeKey", () => {
  it("equals the Date.parse definition for upstream's timestamps and for edge cases", () => {
    const cases = [
      "2026-11-30T10:45:00Z",
      "2026-11-30T10:45:00.5Z",
      "2026-11-30T10:45:00.1234567Z",
      "2026-11-30T10:45:00.123456789Z",
      "2026-11-30t10:45:00.12z",
      "2024-02-30T00:00:00Z", // rolls over, as Date.parse does
      "2024-01-01T24:00:00Z",
      "2024-01-01T23:59:60Z",
      "2024-13-01T00:00:00Z",
      "2024-00-10T00:00:00Z",
      "2024-01-00T00:00:00Z",
      "0050-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
      "1970-01-01T00:00:00Z",
      "2024-01-01T00:00:00.Z",
      "2024-01-01T00:00:00+02:00",
      "2024-01-01T00:00:00.250+02:00",
      "2024-01-01",
      "2024-1a-01T00:00:00Z",
      "+002024-01-01T00:00:00Z",
      "yesterday",
    ];
    for (let i = 0; i < 500; i++) {
      const ms = Math.floor(Math.random() * 4_102_444_800_000);
      const digits = String(Math.floor(Math.random() * 1e9))
        .padStart(9, "0")
        .slice(0, i % 10);
      cases.push(new Date(ms).toISOString().slice(0, 19) + (digits ? `.${digits}` : "") + "Z");
    }
    for (const iso of cases) {
      expect(timeKey(iso), iso).toBe(reference(iso));
      expect(timeKey(iso), `${iso} (remembered)`).toBe(reference(iso));
    }
  });

  it("orders as time: fixed width, microseconds after milliseconds", () => {
    const a = timeKey("2026-11-30T10:45:00.123456Z")!;
    const b = timeKey("2026-11-30T10:45:00.123457Z")!;
    expect(a.length).toBe(TIME_KEY_WIDTH);
    expect(a < b).toBe(true);
    expect(timeKey(null)).toBeNull();
    expect(timeKey("")).toBeNull();
  });
});
