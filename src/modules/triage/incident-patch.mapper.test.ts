import { describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal.js";
import { GatewayError } from "../../errors/errors.js";
import { toIncidentPatch } from "./incident-patch.mapper.js";
import { toItemKeys } from "./triage-items.mapper.js";

const dana = { displayName: "Dana Scully", username: "dana@mssp.example" } as Principal;
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return (e as GatewayError).extensions;
  }
  throw new Error("expected BAD_USER_INPUT");
};

describe("toIncidentPatch", () => {
  it("takes every settable field; tags trimmed and de-duplicated; the comment signed with the analyst", () => {
    expect(
      toIncidentPatch(
        {
          status: "AWAITING_ACTION",
          assignedTo: " soc@mssp.example ",
          classification: "TRUE_POSITIVE",
          determination: "MALWARE",
          customTags: [" wave-1", "wave-1 ", "vip"],
          comment: " waiting for the customer ",
        },
        dana,
        "input.patch",
      ),
    ).toEqual({
      status: "AWAITING_ACTION",
      assignedTo: "soc@mssp.example",
      classification: "TRUE_POSITIVE",
      determination: "MALWARE",
      customTags: ["wave-1", "vip"],
      comment: "[Dana Scully <dana@mssp.example> via gateway] waiting for the customer",
    });
    expect(toIncidentPatch({ customTags: [] }, dana)).toEqual({ customTags: [] });
  });

  it("refuses what cannot be set, naming the field", () => {
    const at = "input.patch";
    expect(refusal(() => toIncidentPatch({ status: "REDIRECTED" }, dana, at))).toMatchObject({
      code: "BAD_USER_INPUT",
      field: `${at}.status`,
    });
    expect(refusal(() => toIncidentPatch({ status: "UNKNOWN" }, dana, at))).toMatchObject({ field: `${at}.status` });
    expect(refusal(() => toIncidentPatch({ determination: "APT" }, dana, at))).toMatchObject({ field: `${at}.determination` });
    expect(refusal(() => toIncidentPatch({ customTags: ["x".repeat(129)] }, dana, at))).toMatchObject({ field: `${at}.customTags` });
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expect(refusal(() => toIncidentPatch({ customTags: tags }, dana, at))).toMatchObject({ field: `${at}.customTags` });
    expect(refusal(() => toIncidentPatch({}, dana, at))).toMatchObject({ code: "BAD_USER_INPUT", field: at });
  });
});

describe("toItemKeys", () => {
  it("collapses duplicates in first-given order and counts distinct items against the limit", () => {
    const a = { tenantId: "t1", id: "a" };
    const b = { tenantId: "t2", id: "a" };
    expect(toItemKeys([a, b, { ...a }, b])).toEqual([a, b]);
    const many = Array.from({ length: 500 }, (_, i) => ({ tenantId: "t", id: String(i) }));
    expect(toItemKeys([...many, ...many])).toHaveLength(500);
    expect(refusal(() => toItemKeys([...many, a]))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.items" });
    expect(refusal(() => toItemKeys([]))).toMatchObject({ field: "input.items" });
    expect(refusal(() => toItemKeys([a, { tenantId: "", id: "x" }]))).toMatchObject({ field: "input.items[1]" });
  });
});
