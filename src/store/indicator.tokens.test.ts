import { describe, expect, it } from "vitest";
import type { SecurityEvidence } from "../upstream/upstream.types.js";
import { detectorToken, indicatorKindOf, indicatorValue, isLocalAddress, sharedIndicatorTokens } from "./indicator.tokens.js";

const common = { createdDateTime: null, verdict: null, verdictRaw: null, remediationStatus: null, roles: [], detailedRoles: [], tags: [] };
const ip = (ipAddress: string): SecurityEvidence => ({ ...common, kind: "ip", ipAddress, countryLetterCode: null });
const url = (u: string): SecurityEvidence => ({ ...common, kind: "url", url: u });
const file = (sha256: string, sha1: string | null = null): SecurityEvidence => ({
  ...common,
  kind: "file",
  fileDetails: { sha256, sha1, fileName: null, filePath: null, fileSize: null, filePublisher: null, signer: null, issuer: null },
  detectionStatus: null,
  mdeDeviceId: null,
});

describe("shared-indicator tokens", () => {
  it("keep SHA-256, public IPs, URLs with their domains and the detector; drop SHA-1, accounts, devices, local addresses", () => {
    const h = "AB".repeat(32);
    const tokens = sharedIndicatorTokens({
      evidence: [
        file(h, "c".repeat(40)),
        ip("10.1.2.3"),
        ip("::ffff:192.168.0.1"),
        ip("FE80::1%eth0"),
        ip("2001:DB8:0:0::1"),
        ip("203.0.113.7"),
        url("https://a.b.contoso.com/x"),
        {
          ...common,
          kind: "user",
          userAccount: {
            accountName: "bob",
            domainName: "C",
            userSid: null,
            azureAdUserId: null,
            userPrincipalName: null,
            displayName: null,
          },
        },
      ],
      detectorId: "  7F2A-Det ",
    });
    expect(tokens).toEqual([
      `sha256:${h.toLowerCase()}`,
      "ip:2001:db8::1",
      "ip:203.0.113.7",
      "url:https://a.b.contoso.com/x",
      "domain:a.b.contoso.com",
      "domain:b.contoso.com",
      "domain:contoso.com",
      "detector:7f2a-det",
    ]);
    expect(tokens.map(indicatorKindOf)).toEqual([
      "FILE_SHA256",
      "IP_ADDRESS",
      "IP_ADDRESS",
      "URL",
      "DOMAIN",
      "DOMAIN",
      "DOMAIN",
      "DETECTOR",
    ]);
    expect(indicatorValue("url:https://x.example/a:b")).toBe("https://x.example/a:b");
    expect(indicatorKindOf("sha1:" + "c".repeat(40))).toBeNull();
  });

  it("local addresses: private, CGNAT, loopback, link-local, unique local, unspecified (IPv4-mapped too)", () => {
    for (const a of [
      "10.0.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "127.0.0.1",
      "169.254.1.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::2",
      "::ffff:a00:1",
    ])
      expect(isLocalAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "172.32.0.1", "203.0.113.7", "2001:db8::1", "::ffff:808:808"]) expect(isLocalAddress(a), a).toBe(false);
  });

  it("detector ids: trimmed, lower case; missing, empty, over-long or control characters ⇒ none", () => {
    expect(detectorToken("Abc")).toBe("detector:abc");
    for (const bad of [null, undefined, "", "   ", "x".repeat(2_049), "a\nb"]) expect(detectorToken(bad)).toBeNull();
    expect(sharedIndicatorTokens({ evidence: [url("https://x.example/a\nb")], detectorId: null })).toEqual(["domain:x.example"]);
  });
});
