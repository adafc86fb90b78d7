import "reflect-metadata";
import { describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal.js";
import { toIncidentChange } from "./incident-patch.js";

const alice: Principal = {
  userId: "u-alice",
  appId: null,
  displayName: "Alice Smith",
  username: "alice@mssp.example",
  groups: [],
  groupsComplete: true,
  appRoles: [],
  isAdmin: false,
  expiresAt: 0,
  issuerTenantId: null,
};

describe("incident change", () => {
  it("turns the input into Graph's patch and an attributed comment", () => {
    expect(
      toIncidentChange(
        {
          status: "AWAITING_ACTION",
          assignedTo: " ann@mssp.example ",
          classification: "TRUE_POSITIVE",
          determination: "MALWARE",
          customTags: ["vip", " vip", "ransomware"],
          comment: " on it ",
        },
        alice,
      ),
    ).toEqual({
      patch: {
        status: "AWAITING_ACTION",
        assignedTo: "ann@mssp.example",
        classification: "TRUE_POSITIVE",
        determination: "MALWARE",
        customTags: ["vip", "ransomware"],
      },
      comment: "[Alice Smith <alice@mssp.example> via gateway] on it",
    });
    expect(toIncidentChange({ customTags: [] }, alice)).toEqual({ patch: { customTags: [] }, comment: null });
  });

  it("refuses what cannot be set, naming the field under the prefix", () => {
    const field = (input: Parameters<typeof toIncidentChange>[0], prefix?: string) => {
      try {
        toIncidentChange(input, alice, prefix);
      } catch (e) {
        return (e as { extensions?: { code?: string; field?: string } }).extensions;
      }
      return null;
    };
    expect(field({ status: "REDIRECTED" })).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", field: "input.status" }));
    expect(field({ status: "UNKNOWN" })).toMatchObject({ field: "input.status" });
    expect(field({ classification: "UNKNOWN" })).toMatchObject({ field: "input.classification" });
    expect(field({ determination: "SECURITY_PERSONNEL" })).toMatchObject({ field: "input.determination" });
    expect(field({ assignedTo: "  " })).toMatchObject({ field: "input.assignedTo" });
    expect(field({ customTags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toMatchObject({ field: "input.customTags" });
    expect(field({ customTags: ["x".repeat(129)] }, "patch")).toMatchObject({ field: "patch.customTags" });
    expect(field({ comment: "" })).toMatchObject({ field: "input.comment" });
    expect(field({})).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
