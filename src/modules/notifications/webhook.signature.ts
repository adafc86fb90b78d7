import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signing scheme (documented in the README, Notifications):
 *
 *   X-Gateway-Timestamp: <unix seconds>
 *   X-Gateway-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is part of the signed bytes, so a captured request cannot be replayed later with a
 * fresh timestamp; receivers reject timestamps outside their tolerance and may dedupe on `X-Gateway-Delivery`.
 */
export const SIGNATURE_HEADER = "x-gateway-signature";
export const TIMESTAMP_HEADER = "x-gateway-timestamp";
export const DELIVERY_HEADER = "x-gateway-delivery";

/** `sha256=<hex>` over `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Receiver side: true when the signature matches and the timestamp is within `toleranceSec` of `nowSec`.
 * Constant-time comparison.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  opts: { toleranceSec?: number; nowSec?: number } = {},
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  const now = opts.nowSec ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
