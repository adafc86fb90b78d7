import { BlockList, isIP } from "node:net";
import { evidenceIndicators, MAX_INDICATOR_VALUE_LENGTH } from "../upstream/evidence.indicators.js";
import type { SecurityAlert } from "../upstream/upstream.types.js";
import { rememberRecent } from "../upstream/recent-values.memo.js";

/**
 * Which indicators count when the gateway looks for indicators seen at several customers, and how they are spelled.
 * They are the evidence indicator tokens of `evidenceIndicators` (one spelling with `AlertFilter.evidence`, so an
 * aggregate's alerts are exactly those the evidence filter finds) of four kinds, plus the alert's detector.
 */

export const SHARED_INDICATOR_KINDS = ["FILE_SHA256", "IP_ADDRESS", "DOMAIN", "URL", "DETECTOR"] as const;
export type SharedIndicatorKind = (typeof SHARED_INDICATOR_KINDS)[number];

/** Token prefix → kind. `sha1`, `account` and `device` tokens are left out: they name nothing shared across customers. */
const KIND_OF_PREFIX: Readonly<Record<string, SharedIndicatorKind>> = {
  sha256: "FILE_SHA256",
  ip: "IP_ADDRESS",
  domain: "DOMAIN",
  url: "URL",
  detector: "DETECTOR",
};

/** Kind → token prefix (the inverse of KIND_OF_PREFIX). */
export const PREFIX_OF_KIND: Readonly<Record<SharedIndicatorKind, string>> = {
  FILE_SHA256: "sha256",
  IP_ADDRESS: "ip",
  DOMAIN: "domain",
  URL: "url",
  DETECTOR: "detector",
};

// Addresses that name a different host at every customer (RFC 1918, CGNAT, loopback, link-local, unique local,
// unspecified, broadcast): `10.0.0.5` at two customers is two machines, not one indicator. IPv4-mapped IPv6
// addresses are checked against the IPv4 rules by BlockList itself.
const LOCAL_ADDRESSES = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["255.255.255.255", 32],
] as const)
  LOCAL_ADDRESSES.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fe80::", 10],
  ["fc00::", 7],
] as const)
  LOCAL_ADDRESSES.addSubnet(net, bits, "ipv6");

/**
 * True for an address that means a different host at each customer (private, loopback, link-local…). Remembered per
 * recent address: every alert write asks for each IP of its evidence, a tenant's addresses repeat from alert to alert,
 * and BlockList's check builds a SocketAddress per call (a few µs).
 */
export const isLocalAddress: (ip: string) => boolean = rememberRecent((ip: string) => {
  const family = isIP(ip);
  return family !== 0 && LOCAL_ADDRESSES.check(ip, family === 4 ? "ipv4" : "ipv6");
}, 4_096);

// A key part of the Redis layout is `<token>\n<tenant>`: a token holding a control character is not stored.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `detector:<id>` (lower case, trimmed), or null for a missing, empty or over-long id. Remembered for recent ids: a
 * tenant's alerts come from a few hundred detectors, and every alert's shared-indicator contribution keeps its token,
 * so each alert of one detector then holds the same string instead of its own.
 */
export const detectorToken: (id: string | null | undefined) => string | null = rememberRecent((id: string | null | undefined) => {
  const s = typeof id === "string" ? id.trim().toLowerCase() : "";
  return s === "" || s.length > MAX_INDICATOR_VALUE_LENGTH || CONTROL.test(s) ? null : `detector:${s}`;
}, 4_096);

/** The kind of a token, or null when the token is not of a shared-indicator kind. */
export function indicatorKindOf(token: string): SharedIndicatorKind | null {
  const colon = token.indexOf(":");
  return colon > 0 ? (KIND_OF_PREFIX[token.slice(0, colon)] ?? null) : null;
}

/** The value of a token (what follows its kind prefix). */
export const indicatorValue = (token: string): string => token.slice(token.indexOf(":") + 1);

/**
 * The tokens an alert contributes to the shared-indicator aggregate, distinct: its evidence's SHA-256s, IP addresses
 * (except local ones, see `isLocalAddress`), URLs and domains (as `evidenceIndicators` yields them, so at most
 * `MAX_INDICATORS_PER_ALERT`), then its detector. Pure; the write path calls it on every alert change.
 */
export function sharedIndicatorTokens(alert: Pick<SecurityAlert, "evidence" | "detectorId">): string[] {
  const out: string[] = [];
  for (const t of evidenceIndicators(alert.evidence)) {
    const kind = indicatorKindOf(t);
    if (kind === null || CONTROL.test(t)) continue;
    if (kind === "IP_ADDRESS" && isLocalAddress(indicatorValue(t))) continue;
    out.push(t);
  }
  const detector = detectorToken(alert.detectorId);
  if (detector !== null) out.push(detector);
  return out;
}
