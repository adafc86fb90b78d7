import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./webhook.signature.js";

describe("webhook signatures", () => {
  const secret = "0123456789abcdef";
  const body = JSON.stringify({ hello: "world" });
  const ts = 1_800_000_000;

  it("is HMAC-SHA256 over `<timestamp>.<body>`, hex, prefixed sha256=", () => {
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`);
  });

  it("verifies, and refuses tampered bodies, other secrets, replayed timestamps", () => {
    const signature = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, { signature, timestamp: String(ts) }, body, { nowSec: ts + 10 })).toBe(true);
    expect(verifyWebhook(secret, { signature, timestamp: String(ts) }, `${body} `, { nowSec: ts })).toBe(false);
    expect(verifyWebhook("another-secret-xyz", { signature, timestamp: String(ts) }, body, { nowSec: ts })).toBe(false);
    expect(verifyWebhook(secret, { signature, timestamp: String(ts + 1) }, body, { nowSec: ts })).toBe(false);
    expect(verifyWebhook(secret, { signature, timestamp: String(ts) }, body, { nowSec: ts + 301 })).toBe(false);
    expect(verifyWebhook(secret, { signature: undefined, timestamp: String(ts) }, body, { nowSec: ts })).toBe(false);
  });
});
