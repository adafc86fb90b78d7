import { badInput } from "../../errors/errors.js";
import { indicatorToken, MAX_INDICATOR_VALUE_LENGTH, type IndicatorKind } from "../../upstream/evidence.indicators.js";
import type { EvidenceFilter } from "./evidence-filter.input.js";

/** Filter field → the indicator it is matched against, and what a well-formed value looks like (for the error). */
const FIELDS: Record<keyof EvidenceFilter, { kind: IndicatorKind; expected: string }> = {
  sha256: { kind: "sha256", expected: "a SHA-256 of 64 hex digits" },
  sha1: { kind: "sha1", expected: "a SHA-1 of 40 hex digits" },
  ipAddress: { kind: "ip", expected: "an IPv4 or IPv6 address" },
  url: { kind: "url", expected: `a URL of at most ${MAX_INDICATOR_VALUE_LENGTH} characters` },
  domain: { kind: "domain", expected: "a host name such as contoso.com (not a URL, an IP address or a name with a port)" },
  accountName: { kind: "account", expected: `an account name, UPN or address of at most ${MAX_INDICATOR_VALUE_LENGTH} characters` },
  deviceName: { kind: "device", expected: "a device DNS name or host name such as pc-17 or pc-17.contoso.local" },
};

const shown = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/**
 * GraphQL `EvidenceFilter` → the indicator tokens an alert must ALL carry (see `evidenceIndicators`), or undefined
 * when no condition was given (null fields are "no condition"). Throws BAD_USER_INPUT naming `filter.evidence.<field>`
 * for an empty or malformed value, so a typo never silently matches nothing.
 */
export function evidenceFilterTokens(f: EvidenceFilter | null | undefined): string[] | undefined {
  if (!f) return undefined;
  const tokens = new Set<string>();
  for (const [field, { kind, expected }] of Object.entries(FIELDS) as [keyof EvidenceFilter, (typeof FIELDS)[keyof EvidenceFilter]][]) {
    const value = f[field];
    if (value === null || value === undefined) continue;
    const path = `filter.evidence.${field}`;
    if (value.trim() === "") throw badInput(`${path}: expected ${expected}, but got an empty string`, path);
    const token = indicatorToken[kind](value);
    if (token === null) throw badInput(`${path}: expected ${expected}, but got ${shown(value)}`, path);
    tokens.add(token);
  }
  return tokens.size > 0 ? [...tokens] : undefined;
}
