import { describe, expect, it } from "vitest";
import { decodeKeysetCursor, encodeKeysetCursor } from "./alert-keyset.js";

/** The cursor format as first written: JSON of the tuple, base64url of its UTF-8. */
const reference = (ordering: string, dir: "a" | "d", key: string, tenantId: string, id: string) =>
  Buffer.from(JSON.stringify([1, ordering, dir, key, tenantId, id])).toString("base64url");

describe("keyset cursors", () => {
  it("are the JSON tuple's bytes whatever the ids hold, and decode back", () => {
    const key = "0001732900000000";
    const ids = ["da638000000000000001_-12345678", "", 'q"uote', "back\\slash", "ünïcode", "tab\there", "\u007f", "emoji😀", "\ud800"];
    for (const id of ids)
      for (const tenantId of ["8f0c5a1e-1111-2222-3333-444455556666", 'te"nant']) {
        const cursor = encodeKeysetCursor("iu", "DESC", { key, tenantId, id });
        expect(cursor).toBe(reference("iu", "d", key, tenantId, id));
        if (id !== "\ud800") expect(decodeKeysetCursor(cursor, "iu", "DESC")).toEqual({ key, tenantId, id });
      }
    expect(encodeKeysetCursor("c", "ASC", { key, tenantId: "t", id: "1" })).toBe(reference("c", "a", key, "t", "1"));
  });
});
