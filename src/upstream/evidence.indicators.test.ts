import { describe, expect, it } from "vitest";
import { graphAlertWithEvidence, HASH, legacyAlertWithEvidence } from "../../test/helpers/evidence.fixture.js";
import { defenderAlert } from "./defender.mapper.js";
import {
  evidenceIndicators,
  hasAllIndicators,
  indicatorToken,
  MAX_INDICATOR_VALUE_LENGTH,
  MAX_INDICATORS_PER_ALERT,
} from "./evidence.indicators.js";
import { graphAlert, graphEvidence } from "./graph.mapper.js";
import type { SecurityEvidence } from "./upstream.types.js";

const lower = (s: string) => s.toLowerCase();
const g = (type: string, extra: Record<string, unknown>) => graphEvidence({ "@odata.type": `#microsoft.graph.security.${type}`, ...extra });

describe("evidenceIndicators", () => {
  it("extracts every indicator of a Graph alert, normalized and distinct", () => {
    const tokens = evidenceIndicators(graphAlert(graphAlertWithEvidence()).evidence);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.sort()).toEqual(
      [
        // device: FQDN (lower-cased), its short host name, interface addresses (IPv6 canonical)
        "device:pc-17.contoso.local",
        "device:pc-17",
        "ip:10.1.2.17",
        "ip:2001:db8::17",
        "ip:fe80::9c2e:1a4f:e2a6:7b1d",
        // file
        `sha256:${lower(HASH.mimikatzSha256)}`,
        `sha1:${lower(HASH.mimikatzSha1)}`,
        // process image, parent image (no SHA-256 there), account
        `sha256:${HASH.powershellSha256}`,
        `sha1:${HASH.powershellSha1}`,
        `sha1:${HASH.winwordSha1}`,
        "account:nathan",
        "account:contoso\\nathan",
        "account:nathan.lane@contoso.com",
        // ip
        "ip:203.0.113.45",
        // url, exact (lower-cased), and its host down to two labels
        "url:https://login.contoso-secure.com/owa/auth.owa?r=1",
        "domain:login.contoso-secure.com",
        "domain:contoso-secure.com",
        // mailbox address (the same as the UPN: one token)
      ].sort(),
    );
  });

  it("extracts the same kinds from a legacy alert (device from the alert's machine, URL without a scheme)", () => {
    const tokens = evidenceIndicators(defenderAlert(legacyAlertWithEvidence()).evidence);
    expect(tokens).toEqual(
      expect.arrayContaining([
        "device:fin-ws-042.fabrikam.local",
        "device:fin-ws-042",
        `sha256:${lower(HASH.mimikatzSha256)}`,
        `sha1:${lower(HASH.mimikatzSha1)}`,
        `sha256:${HASH.powershellSha256}`,
        "account:mlopez",
        "account:fabrikam\\mlopez",
        "account:m.lopez@fabrikam.com",
        "ip:198.51.100.23",
        "url:fabrikam-payroll.example.net/login",
        "domain:fabrikam-payroll.example.net",
        "domain:example.net",
      ]),
    );
    // registry and unmodelled kinds carry no indicator
    expect(tokens.filter((t) => t.includes("domain admins") || t.includes("hkey"))).toEqual([]);
  });

  it("finds a URL by every parent domain down to two labels, and never by an IP host", () => {
    expect(evidenceIndicators([g("urlEvidence", { url: "https://a.b.login.contoso.com:8443/x?y=1#z" })])).toEqual([
      "url:https://a.b.login.contoso.com:8443/x?y=1#z",
      "domain:a.b.login.contoso.com",
      "domain:b.login.contoso.com",
      "domain:login.contoso.com",
      "domain:contoso.com",
    ]);
    expect(evidenceIndicators([g("urlEvidence", { url: "http://198.51.100.7/payload.bin" })])).toEqual([
      "url:http://198.51.100.7/payload.bin",
    ]);
    expect(evidenceIndicators([g("urlEvidence", { url: "http://intranet/wiki" })])).toEqual([
      "url:http://intranet/wiki",
      "domain:intranet",
    ]);
    // an internationalized host is indexed in punycode, as the filter spells it
    expect(evidenceIndicators([g("urlEvidence", { url: "https://bücher.example/" })])).toContain("domain:xn--bcher-kva.example");
    // unparsable: still found by the exact URL
    expect(evidenceIndicators([g("urlEvidence", { url: "javascript:alert(1)" })])).toEqual(["url:javascript:alert(1)"]);
  });

  it("finds a device by its short host name, and a short name only by itself", () => {
    expect(evidenceIndicators([g("deviceEvidence", { deviceDnsName: "SRV-DC01.corp.fabrikam.com." })])).toEqual([
      "device:srv-dc01.corp.fabrikam.com",
      "device:srv-dc01",
    ]);
    expect(evidenceIndicators([g("deviceEvidence", { deviceDnsName: "ws1" })])).toEqual(["device:ws1"]);
  });

  it("skips nulls, empty strings and malformed values instead of failing", () => {
    const messy: SecurityEvidence[] = [
      g("fileEvidence", { fileDetails: { sha256: "ab", sha1: "not-a-hash", fileName: "x.exe" } }),
      g("fileEvidence", {}),
      g("processEvidence", { imageFile: null, parentProcessImageFile: null, userAccount: null }),
      g("userEvidence", { userAccount: { accountName: "  ", userPrincipalName: null } }),
      g("ipEvidence", { ipAddress: "999.1.1.1" }),
      g("ipEvidence", { ipAddress: null }),
      g("urlEvidence", { url: "" }),
      g("deviceEvidence", { deviceDnsName: null, ipInterfaces: ["", "not an ip"] }),
      g("mailboxEvidence", { primaryAddress: null }),
    ];
    expect(evidenceIndicators(messy)).toEqual([]);
    expect(evidenceIndicators([])).toEqual([]);
    expect(evidenceIndicators(null)).toEqual([]);
    expect(evidenceIndicators(undefined)).toEqual([]);
  });

  it(`keeps at most ${MAX_INDICATORS_PER_ALERT} tokens, the first ones in evidence order`, () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      g("fileEvidence", { fileDetails: { sha256: i.toString(16).padStart(64, "0"), sha1: i.toString(16).padStart(40, "0") } }),
    );
    const tokens = evidenceIndicators(many);
    expect(tokens).toHaveLength(MAX_INDICATORS_PER_ALERT);
    expect(tokens[0]).toBe(`sha256:${"0".repeat(64)}`);
    expect(tokens.at(-1)).toBe(`sha1:${(99).toString(16).padStart(40, "0")}`);
  });

  it("does not index a URL longer than the limit by URL, only by its domain", () => {
    const long = `https://cdn.evil.example/${"a".repeat(MAX_INDICATOR_VALUE_LENGTH)}`;
    expect(evidenceIndicators([g("urlEvidence", { url: long })])).toEqual(["domain:cdn.evil.example", "domain:evil.example"]);
  });

  it("does not index the kinds it has no filter for (registry, generic)", () => {
    expect(
      evidenceIndicators([
        g("registryKeyEvidence", { registryKey: "k" }),
        g("registryValueEvidence", { registryValue: "v" }),
        g("analyzedMessageEvidence", { senderIp: "198.51.100.9" }),
      ]),
    ).toEqual([]);
  });
});

describe("indicatorToken", () => {
  it("spells a value the same whatever its case or notation", () => {
    expect(indicatorToken.sha256(` ${HASH.mimikatzSha256} `)).toBe(`sha256:${lower(HASH.mimikatzSha256)}`);
    expect(indicatorToken.sha1(HASH.mimikatzSha1)).toBe(`sha1:${lower(HASH.mimikatzSha1)}`);
    expect(indicatorToken.ip("2001:0DB8:0000:0000:0000:0000:0000:0017")).toBe("ip:2001:db8::17");
    expect(indicatorToken.ip("fe80::1%eth0")).toBe("ip:fe80::1");
    expect(indicatorToken.ip("10.0.0.1")).toBe("ip:10.0.0.1");
    expect(indicatorToken.domain("Contoso.COM.")).toBe("domain:contoso.com");
    expect(indicatorToken.domain("Bücher.example")).toBe("domain:xn--bcher-kva.example");
    expect(indicatorToken.device("PC-17")).toBe("device:pc-17");
    expect(indicatorToken.account("CONTOSO\\Nathan")).toBe("account:contoso\\nathan");
    expect(indicatorToken.url("HTTPS://X.example/A")).toBe("url:https://x.example/a");
  });

  it("answers null for values that are not of its kind", () => {
    expect(indicatorToken.sha256("a".repeat(63))).toBeNull();
    expect(indicatorToken.sha256("g".repeat(64))).toBeNull();
    expect(indicatorToken.sha1(HASH.mimikatzSha256)).toBeNull();
    expect(indicatorToken.ip("10.0.0")).toBeNull();
    expect(indicatorToken.ip("contoso.com")).toBeNull();
    for (const d of ["https://contoso.com", "contoso.com/x", "contoso.com:443", "10.0.0.1", "a b.com", "user@contoso.com", "-x-.com", ""]) {
      expect(indicatorToken.domain(d), d).toBeNull();
    }
    expect(indicatorToken.url("   ")).toBeNull();
    expect(indicatorToken.account(null)).toBeNull();
  });
});

describe("hasAllIndicators", () => {
  it("needs every required token (AND); nothing required matches everything", () => {
    const have = new Set(["sha256:aa", "ip:10.0.0.1"]);
    expect(hasAllIndicators(have, ["sha256:aa", "ip:10.0.0.1"])).toBe(true);
    expect(hasAllIndicators(have, ["sha256:aa", "ip:10.0.0.2"])).toBe(false);
    expect(hasAllIndicators(have, [])).toBe(true);
  });
});
