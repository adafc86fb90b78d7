import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { createAnswerBytesMemo } from "./answer-bytes.memo.js";

const gzip = async (identity: Buffer) => gzipSync(identity);

describe("answer bytes memo", () => {
  it("serializes a kept answer once and compresses it once per encoding", async () => {
    const memo = createAnswerBytesMemo();
    const answer = { data: { alerts: [{ id: "a1", title: "Ünïcode \u2028" }] } };
    const serialize = vi.fn(() => JSON.stringify(answer));
    const compress = vi.fn(async (identity: Buffer, encoding: string) =>
      encoding === "gzip" ? gzip(identity) : Buffer.from(`${encoding}:${identity.length}`),
    );

    const plain = await memo.bytesOf(answer, "identity", serialize, compress);
    expect(plain.toString("utf8")).toBe(JSON.stringify(answer));
    const gz = await memo.bytesOf(answer, "gzip", serialize, compress);
    expect(gunzipSync(gz).toString("utf8")).toBe(JSON.stringify(answer));
    await memo.bytesOf(answer, "br", serialize, compress);
    expect(await memo.bytesOf(answer, "gzip", serialize, compress)).toBe(gz);
    expect(await memo.bytesOf(answer, "identity", serialize, compress)).toBe(plain);

    expect(serialize).toHaveBeenCalledTimes(1);
    expect(compress.mock.calls.map(([, e]) => e)).toEqual(["gzip", "br"]);
  });

  it("keeps the forms of each answer object apart", async () => {
    const memo = createAnswerBytesMemo();
    const compress = async () => Buffer.alloc(0);
    const a = await memo.bytesOf({}, "identity", () => '{"data":1}', compress);
    const b = await memo.bytesOf({}, "identity", () => '{"data":2}', compress);
    expect([a.toString(), b.toString()]).toEqual(['{"data":1}', '{"data":2}']);
  });

  it("remembers nothing of a compression that failed: the next request compresses again", async () => {
    const memo = createAnswerBytesMemo();
    const answer = {};
    const compress = vi.fn().mockRejectedValueOnce(new Error("zlib failed")).mockResolvedValueOnce(Buffer.from("z"));
    await expect(memo.bytesOf(answer, "deflate", () => "{}", compress)).rejects.toThrow("zlib failed");
    expect((await memo.bytesOf(answer, "deflate", () => "{}", compress)).toString()).toBe("z");
    expect(compress).toHaveBeenCalledTimes(2);
  });
});
