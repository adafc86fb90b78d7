import { describe, expect, it } from "vitest";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import { createMemoryBudget, resolveBudget } from "./budget.limiter.js";
import { createCredentialProvider } from "./credential.provider.js";
import { idFilters, odataDateTime, odataString, queryString } from "./defender.odata.js";
import { describeErrorBody, parseRetryAfter, sanitize } from "./upstream.errors.js";

describe("memory budget (sliding windows)", () => {
  it("caps priorities at their reserves and reports the wait until the oldest call leaves the window", async () => {
    let now = 1_000_000;
    const budget = createMemoryBudget({ perMinute: 10, perHour: 12 }, () => now);
    expect(resolveBudget({ perMinute: 10, perHour: 12 }).limitFor("sync")).toEqual({ minute: 8, hour: 9 });
    for (let i = 0; i < 8; i++) {
      expect((await budget.take("t", "sync")).ok).toBe(true);
      now += 1_000;
    }
    const refused = await budget.take("t", "sync");
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 60_000 - 8_000 });
    now += 52_000; // the first call (at 1,000,000) is now exactly one minute old
    expect((await budget.take("t", "sync")).ok).toBe(true);
    // 8 calls in the minute again: sync is out, a read takes the 9th, the 10th is kept for writes
    expect((await budget.take("t", "sync")).ok).toBe(false);
    expect((await budget.take("t", "read")).ok).toBe(true);
    expect((await budget.take("t", "read")).ok).toBe(false);
    expect((await budget.take("t", "write")).ok).toBe(true);
    expect(await budget.left("t")).toEqual({ minute: 0, hour: 1 });
    // a minute later the minute window is empty but the hour allows one more call (writes only: 11 of 12)
    now += 60_000;
    expect(await budget.left("t")).toEqual({ minute: 10, hour: 1 });
    expect((await budget.take("t", "read")).ok).toBe(false);
    expect((await budget.take("t", "write")).ok).toBe(true);
    const hourRefusal = await budget.take("t", "write");
    expect(hourRefusal.ok).toBe(false);
    // the oldest call in the hour (the very first, at 1,000,000) must leave it first
    if (!hourRefusal.ok) expect(hourRefusal.retryAfterMs).toBe(1_000_000 + 3_600_000 - now);
  });

  it("a priority whose share rounds to zero is always refused", async () => {
    const budget = createMemoryBudget({ perMinute: 1, perHour: 100 });
    expect((await budget.take("t", "sync")).ok).toBe(false);
    expect((await budget.take("t", "write")).ok).toBe(true);
  });
});

describe("OData helpers", () => {
  it("literals and query strings", () => {
    expect(odataString("o'brien")).toBe("'o''brien'");
    expect(odataDateTime(Date.UTC(2025, 2, 2, 9))).toBe("2025-03-02T09:00:00.000Z");
    expect(queryString({})).toBe("");
    expect(queryString({ filter: "a eq 'b c'", top: 5, skip: 0, expand: "evidence" })).toBe(
      "?$filter=a%20eq%20%27b%20c%27&$top=5&$expand=evidence",
    );
  });

  it("id filters stay under both bounds and keep order", () => {
    const ids = Array.from({ length: 7 }, (_, i) => `m${i}`);
    expect(idFilters(ids, { maxIds: 3 })).toEqual([
      "id eq 'm0' or id eq 'm1' or id eq 'm2'",
      "id eq 'm3' or id eq 'm4' or id eq 'm5'",
      "id eq 'm6'",
    ]);
    const long = idFilters(ids, { maxEncodedLength: 40 });
    for (const f of long) expect(encodeURIComponent(f).replace(/'/g, "%27").length).toBeLessThanOrEqual(40);
    expect(long.join(" or ")).toBe(ids.map((i) => `id eq '${i}'`).join(" or "));
    expect(idFilters(["a", "", "a"])).toEqual(["id eq 'a'"]);
  });
});

describe("error helpers", () => {
  it("Retry-After as seconds or HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2025-03-02T09:00:00Z");
    expect(parseRetryAfter("Sun, 02 Mar 2025 09:00:30 GMT", now)).toBe(30_000);
  });

  it("sanitize removes secrets, bearer tokens and JWTs and bounds the length", () => {
    const out = sanitize("secret hunter22 Bearer abc.def.ghi and eyJhbGciOi.eyJzdWIiOiJ4.sig\n" + "x".repeat(500), ["hunter22"]);
    expect(out).not.toContain("hunter22");
    expect(out).not.toContain("abc.def");
    expect(out).not.toContain("eyJ");
    expect(out.length).toBeLessThanOrEqual(301);
  });

  it("reads Defender's error body, tolerates HTML", () => {
    expect(describeErrorBody(JSON.stringify({ error: { code: "X", message: "m", target: "t" } }))).toEqual({
      code: "X",
      message: "m",
      target: "t",
    });
    expect(describeErrorBody("<html><body>Bad gateway</body></html>")).toEqual({ message: "Bad gateway" });
    expect(describeErrorBody("")).toEqual({});
  });
});

describe("credential provider", () => {
  it("an http authority is refused by @azure/identity and reported as UPSTREAM_AUTH_FAILED", async () => {
    const provider = createCredentialProvider({ clientId: "c", clientSecret: "very-secret", authorityHost: "http://127.0.0.1:9" });
    const e = await provider.getToken("t1").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UpstreamError);
    expect((e as UpstreamError).code).toBe(ErrorCode.UPSTREAM_AUTH_FAILED);
    expect((e as UpstreamError).extensions.tenantId).toBe("t1");
    expect((e as UpstreamError).message).not.toContain("very-secret");
  });

  it("without a secret or certificate the tenant gets UPSTREAM_AUTH_FAILED", async () => {
    const provider = createCredentialProvider({ clientId: "c" });
    await expect(provider.getToken("t1")).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_AUTH_FAILED, tenantId: "t1" } });
  });

  it("replaces a tenant's credential only for the token that was rejected", async () => {
    let made = 0;
    const provider = createCredentialProvider({
      credentialFactory: () => {
        const n = ++made;
        return { getToken: async () => ({ token: `tok${n}`, expiresOnTimestamp: Date.now() + 60_000 }) };
      },
    });
    expect(await provider.getToken("t")).toBe("tok1");
    expect(await provider.getToken("t", { rejected: "tok1" })).toBe("tok2");
    // a concurrent caller that also saw tok1 rejected reuses the fresh credential
    expect(await provider.getToken("t", { rejected: "tok1" })).toBe("tok2");
    expect(made).toBe(2);
  });

  it("a credential that hangs is cut off by the token timeout", async () => {
    const provider = createCredentialProvider({
      credentialFactory: () => ({ getToken: () => new Promise(() => undefined) }),
      tokenTimeoutMs: 100,
    });
    await expect(provider.getToken("t")).rejects.toMatchObject({ message: expect.stringContaining("timed out after 100 ms") });
  });
});
