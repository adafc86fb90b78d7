import { describe, expect, it } from "vitest";
import { graphAlertWithEvidence, HASH, legacyAlertWithEvidence } from "../../../test/helpers/evidence.fixture.js";
import { ErrorCode, GatewayError } from "../../errors/errors.js";
import { defenderAlert } from "../../upstream/defender.mapper.js";
import { evidenceIndicators, hasAllIndicators } from "../../upstream/evidence.indicators.js";
import { graphAlert } from "../../upstream/graph.mapper.js";
import type { EvidenceFilter } from "./evidence-filter.input.js";
import { evidenceFilterTokens } from "./evidence-filter.mapper.js";

const rejection = (f: EvidenceFilter) => {
  try {
    evidenceFilterTokens(f);
  } catch (e) {
    if (e instanceof GatewayError) return { code: e.extensions.code, field: e.extensions.field, message: e.message };
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(f)}`);
};

describe("evidenceFilterTokens", () => {
  it("is undefined when no condition is given", () => {
    expect(evidenceFilterTokens(undefined)).toBeUndefined();
    expect(evidenceFilterTokens(null)).toBeUndefined();
    expect(evidenceFilterTokens({})).toBeUndefined();
    expect(evidenceFilterTokens({ sha256: null, ipAddress: null })).toBeUndefined();
  });

  it("turns every given field into the token the index stores (AND of all of them)", () => {
    expect(
      evidenceFilterTokens({
        sha256: HASH.mimikatzSha256,
        sha1: HASH.mimikatzSha1,
        ipAddress: "2001:DB8:0:0:0:0:0:17",
        url: "HTTPS://login.contoso-secure.com/owa/auth.owa?r=1",
        domain: "Contoso-Secure.com",
        accountName: "CONTOSO\\Nathan",
        deviceName: "PC-17",
      }),
    ).toEqual([
      `sha256:${HASH.mimikatzSha256.toLowerCase()}`,
      `sha1:${HASH.mimikatzSha1.toLowerCase()}`,
      "ip:2001:db8::17",
      "url:https://login.contoso-secure.com/owa/auth.owa?r=1",
      "domain:contoso-secure.com",
      "account:contoso\\nathan",
      "device:pc-17",
    ]);
  });

  it("finds the sample alerts of both sources by what an analyst would paste", () => {
    const graph = new Set(evidenceIndicators(graphAlert(graphAlertWithEvidence()).evidence));
    const legacy = new Set(evidenceIndicators(defenderAlert(legacyAlertWithEvidence()).evidence));
    const finds = (f: EvidenceFilter) => [
      hasAllIndicators(graph, evidenceFilterTokens(f)!),
      hasAllIndicators(legacy, evidenceFilterTokens(f)!),
    ];

    expect(finds({ sha256: HASH.mimikatzSha256.toLowerCase() })).toEqual([true, true]);
    expect(finds({ sha1: HASH.winwordSha1.toUpperCase() })).toEqual([true, false]);
    expect(finds({ domain: "contoso-secure.com" })).toEqual([true, false]);
    expect(finds({ domain: "EXAMPLE.net" })).toEqual([false, true]);
    expect(finds({ deviceName: "fin-ws-042" })).toEqual([false, true]);
    expect(finds({ deviceName: "pc-17.CONTOSO.local" })).toEqual([true, false]);
    expect(finds({ accountName: "nathan.lane@contoso.com" })).toEqual([true, false]);
    expect(finds({ ipAddress: "2001:db8::17" })).toEqual([true, false]);
    // AND: both must hold on the same alert
    expect(finds({ sha256: HASH.mimikatzSha256, deviceName: "pc-17" })).toEqual([true, false]);
    expect(finds({ sha256: HASH.mimikatzSha256, accountName: "nobody" })).toEqual([false, false]);
  });

  it("rejects malformed values with BAD_USER_INPUT naming the field", () => {
    const cases: [EvidenceFilter, string][] = [
      [{ sha256: "a".repeat(63) }, "sha256"],
      [{ sha256: HASH.mimikatzSha1 }, "sha256"],
      [{ sha1: "xyz" }, "sha1"],
      [{ ipAddress: "10.0.0.256" }, "ipAddress"],
      [{ ipAddress: "contoso.com" }, "ipAddress"],
      [{ url: "u".repeat(2_049) }, "url"],
      [{ domain: "https://contoso.com/x" }, "domain"],
      [{ domain: "10.1.2.3" }, "domain"],
      [{ domain: "contoso.com:443" }, "domain"],
      [{ deviceName: "pc 17" }, "deviceName"],
      [{ accountName: "a".repeat(2_049) }, "accountName"],
    ];
    for (const [filter, field] of cases) {
      expect(rejection(filter), JSON.stringify(filter)).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        field: `filter.evidence.${field}`,
        message: expect.stringMatching(/expected .*, but got/) as unknown,
      });
    }
  });

  it("rejects an empty or blank string rather than matching nothing", () => {
    for (const field of ["sha256", "sha1", "ipAddress", "url", "domain", "accountName", "deviceName"] as const) {
      expect(rejection({ [field]: "  " })).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        field: `filter.evidence.${field}`,
        message: expect.stringContaining("but got an empty string") as unknown,
      });
    }
  });

  it("rejects the first bad field even when others are fine, and cuts long values in the message", () => {
    const r = rejection({ sha256: HASH.powershellSha256, ipAddress: `1.2.3.4${"x".repeat(500)}` });
    expect(r.field).toBe("filter.evidence.ipAddress");
    expect(r.message.length).toBeLessThan(250);
  });
});
