import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import type { SecurityEvidence, SecurityFileDetails, SecurityUserAccount } from "./upstream.types.js";
import { rememberRecent } from "./recent-values.memo.js";

/**
 * Indicators: the normalized tokens an alert can be found by across tenants (`AlertFilter.evidence`). The index
 * stores `evidenceIndicators(alert.evidence)` beside each alert at write time; a filter is turned into tokens with the
 * same `indicatorToken` builders, and an alert matches when it carries every one of them. One spelling on both sides
 * is the whole contract, so nothing outside this file builds a token by hand.
 *
 * Token shapes (all lower-case, NFC):
 * - `sha256:<64 hex>`, `sha1:<40 hex>`
 * - `ip:<address>` (IPv4 dotted; IPv6 in its canonical compressed form, zone id dropped)
 * - `url:<url>` (the URL exactly as upstream sent it, trimmed and lower-cased)
 * - `domain:<host>` (ASCII/punycode host, no trailing dot)
 * - `account:<name>` (an account name, `domain\name`, a UPN or a mailbox address)
 * - `device:<name>` (a device DNS name, or its short host name)
 */

/** Most tokens kept per alert; the first ones in evidence order win (an alert with more evidence is still indexed, partly). */
export const MAX_INDICATORS_PER_ALERT = 200;
/** Longest value (in characters) a token may carry; a longer URL is found by its domain only. */
export const MAX_INDICATOR_VALUE_LENGTH = 2_048;

const HEX = { sha256: /^[0-9a-f]{64}$/, sha1: /^[0-9a-f]{40}$/ } as const;
// Host labels as they occur in the wild: underscores appear in internal DNS names.
const HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
// domainToASCII silently cuts at these (`a/b` → `a`): a value holding one is not a bare host name.
const NOT_IN_HOST = /[\s/\\:@?#[\]%]/;

const clean = (v: string | null | undefined): string | null => {
  if (typeof v !== "string") return null;
  const s = v.trim().normalize("NFC").toLowerCase();
  return s === "" || s.length > MAX_INDICATOR_VALUE_LENGTH ? null : s;
};

const hash = (kind: keyof typeof HEX) => (v: string | null | undefined) => {
  const s = clean(v);
  return s !== null && HEX[kind].test(s) ? `${kind}:${s}` : null;
};

function canonicalIp(v: string | null | undefined): string | null {
  const s = clean(v)?.replace(/%.*$/, "");
  if (!s) return null;
  const family = isIP(s);
  if (family === 4) return s;
  // The WHATWG URL parser prints IPv6 in RFC 5952 form, so `2001:DB8:0:0::1` and `2001:db8::1` are one token.
  if (family === 6) return new URL(`http://[${s}]/`).hostname.slice(1, -1);
  return null;
}

function host(v: string | null | undefined): string | null {
  const s = clean(v)?.replace(/\.$/, "");
  if (!s || NOT_IN_HOST.test(s) || isIP(s)) return null;
  const ascii = domainToASCII(s);
  return HOST.test(ascii) ? ascii : null;
}

/**
 * `build` with its answers for recent values remembered (`rememberRecent`). Evidence values repeat from alert to alert
 * (a tenant's hashes, addresses, hosts and accounts, pooled by the mapper), normalizing one costs microseconds, and
 * every alert that repeats a value then holds the same token string. Long values are not kept.
 */
function remembered<T>(build: (v: string | null | undefined) => T): (v: string | null | undefined) => T {
  const recent = rememberRecent((v: string) => build(v), 8_192);
  return (v) => (typeof v !== "string" || v.length > 512 ? build(v) : recent(v));
}

/**
 * One builder per indicator kind: value → token, or null when the value is not a well-formed value of that kind
 * (the filter side rejects such input; the extraction side skips it). Case-insensitive: values are lower-cased.
 */
export const indicatorToken = {
  /** 64 hex digits. */
  sha256: remembered(hash("sha256")),
  /** 40 hex digits. */
  sha1: remembered(hash("sha1")),
  /** An IPv4 or IPv6 address. */
  ip: remembered((v) => {
    const ip = canonicalIp(v);
    return ip === null ? null : `ip:${ip}`;
  }),
  /** Any non-empty text up to MAX_INDICATOR_VALUE_LENGTH: evidence URLs come with and without a scheme. */
  url: remembered((v) => {
    const s = clean(v);
    return s === null ? null : `url:${s}`;
  }),
  /** A host name (IDN is turned into punycode); not an IP address, a URL or a name with a port. */
  domain: remembered((v) => {
    const h = host(v);
    return h === null ? null : `domain:${h}`;
  }),
  /** An account name, `DOMAIN\name`, a UPN or an e-mail address. */
  account: remembered((v) => {
    const s = clean(v);
    return s === null ? null : `account:${s}`;
  }),
  /** A device DNS name or short host name. */
  device: remembered((v) => {
    const h = host(v);
    return h === null ? null : `device:${h}`;
  }),
} as const;
export type IndicatorKind = keyof typeof indicatorToken;

/** The host of a URL (with or without a scheme), or null when there is none or it is an IP address. */
function urlHost(url: string): string | null {
  const s = url.trim();
  let h: string;
  try {
    h = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`).hostname;
  } catch {
    return null;
  }
  return h === "" || h.startsWith("[") || isIP(h) ? null : h;
}

/** `a.b.contoso.com` → `a.b.contoso.com`, `b.contoso.com`, `contoso.com` (no public-suffix list: `co.uk` counts as a parent). */
function domainAndParents(h: string): string[] {
  const labels = h.replace(/\.$/, "").split(".");
  if (labels.length < 2) return [labels.join(".")];
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join("."));
  return out;
}

/** A URL's token and its host's domains (see `domainAndParents`). */
const urlTokens = remembered((url: string | null | undefined): readonly (string | null)[] => {
  const h = url ? urlHost(url) : null;
  return [indicatorToken.url(url), ...(h ? domainAndParents(h).map(indicatorToken.domain) : [])];
});

/** The device name itself and, for an FQDN, its short host name (`pc-17.contoso.local` → also `pc-17`). */
function deviceNames(name: string | null): (string | null)[] {
  const h = host(name);
  if (h === null) return [];
  const dot = h.indexOf(".");
  return dot > 0 ? [h, h.slice(0, dot)] : [h];
}

function accountNames(u: SecurityUserAccount | null | undefined): (string | null)[] {
  if (!u) return [];
  const qualified = u.accountName && u.domainName ? `${u.domainName}\\${u.accountName}` : null;
  return [u.accountName, qualified, u.userPrincipalName];
}

function fileTokens(f: SecurityFileDetails | null | undefined): (string | null)[] {
  return f ? [indicatorToken.sha256(f.sha256), indicatorToken.sha1(f.sha1)] : [];
}

function tokensOf(e: SecurityEvidence): readonly (string | null)[] {
  switch (e.kind) {
    case "file":
      return fileTokens(e.fileDetails);
    case "process":
      return [
        ...fileTokens(e.imageFile),
        ...fileTokens(e.parentProcessImageFile),
        ...accountNames(e.userAccount).map(indicatorToken.account),
      ];
    case "ip":
      return [indicatorToken.ip(e.ipAddress)];
    case "device":
      return [...deviceNames(e.deviceDnsName).map(indicatorToken.device), ...(e.ipAddresses ?? []).map(indicatorToken.ip)];
    case "url":
      return e.url ? urlTokens(e.url) : [];
    case "user":
      return accountNames(e.userAccount).map(indicatorToken.account);
    case "mailbox":
      return [indicatorToken.account(e.primaryAddress), ...accountNames(e.userAccount).map(indicatorToken.account)];
    case "registryKey":
    case "registryValue":
    case "generic":
      return [];
    default: {
      // a kind written by a newer replica: nothing to index, but no failure either
      const _newer: never = e;
      return [];
    }
  }
}

/**
 * The distinct tokens an alert can be found by, in evidence order, at most MAX_INDICATORS_PER_ALERT of them:
 * SHA-256/SHA-1 of files (file evidence, process image and parent image), IP addresses (IP evidence, device
 * interfaces), URLs and their host's domains down to two labels, account names (name, `DOMAIN\name`, UPN; mailbox
 * primary address) and device names (FQDN and short host name). Malformed values (a 63-digit hash, `999.1.1.1`) are
 * skipped. Pure and cheap: the index calls it on every write.
 */
export function evidenceIndicators(evidence: readonly SecurityEvidence[] | null | undefined): string[] {
  if (!evidence || evidence.length === 0) return [];
  // One alert write asks twice (its facets, then the shared-indicator aggregate, a page later): frozen (indexed,
  // never changing) evidence is read once. Only recent lists are remembered, so the cache holds no alert's memory.
  const frozen = Object.isFrozen(evidence);
  const known = frozen ? recentIndicators.get(evidence) : undefined;
  if (known) return [...known];
  const found = collectIndicators(evidence);
  if (frozen) {
    if (recentIndicators.size >= RECENT_MAX) recentIndicators.clear();
    recentIndicators.set(evidence, found);
  }
  return [...found];
}

/** Enough for a few upstream pages (Graph: ≤ 1,000 alerts each) between an upsert and its indicator update. */
const RECENT_MAX = 4_096;
const recentIndicators = new Map<readonly SecurityEvidence[], readonly string[]>();

function collectIndicators(evidence: readonly SecurityEvidence[]): string[] {
  const out = new Set<string>();
  for (const e of evidence) {
    for (const t of tokensOf(e)) {
      if (t === null) continue;
      out.add(t);
      if (out.size >= MAX_INDICATORS_PER_ALERT) return [...out];
    }
  }
  return [...out];
}

/** True when every required token is among the alert's indicators (a Set of them); an empty requirement matches everything. */
export function hasAllIndicators(indicators: { has(token: string): boolean }, required: readonly string[]): boolean {
  return required.every((t) => indicators.has(t));
}
