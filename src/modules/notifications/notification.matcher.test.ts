import { describe, expect, it } from "vitest";
import { alertFixture } from "../../../test/helpers/alert.fixture.js";
import type { StoredNotificationRule } from "./notification.model.js";
import { deliveryIdFor, ruleMatches, targetsFor } from "./notification.matcher.js";

const T0 = "2026-01-01T00:00:00.000Z";
const rule = (over: Partial<StoredNotificationRule> = {}): StoredNotificationRule => ({
  id: "r1",
  tenantId: "t1",
  name: "r",
  description: null,
  enabled: true,
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: false,
  deviceGroups: [],
  severities: ["HIGH", "MEDIUM"],
  recipients: [{ address: "old@x.example", addedAt: T0 }],
  webhooks: [{ id: "w1", url: "https://h.example/x", secret: "s".repeat(16), addedAt: T0 }],
  onlyFirstOccurrencePerIncident: false,
  createdBy: "a",
  createdAt: T0,
  updatedBy: "a",
  updatedAt: T0,
  ...over,
});

describe("ruleMatches", () => {
  it("matches by severity", () => {
    expect(ruleMatches(rule(), alertFixture({}, { severity: "High" }))).toBe(true);
    expect(ruleMatches(rule(), alertFixture({}, { severity: "medium" }))).toBe(true);
    expect(ruleMatches(rule(), alertFixture({}, { severity: "Low" }))).toBe(false);
    expect(ruleMatches(rule(), alertFixture({}, { severity: "Catastrophic" }))).toBe(false);
  });
  it("matches device groups case-insensitively; empty means all", () => {
    const r = rule({ deviceGroups: ["servers"] });
    expect(ruleMatches(r, alertFixture({}, { rbacGroupName: "Servers" }))).toBe(true);
    expect(ruleMatches(r, alertFixture({}, { rbacGroupName: "Finance Workstations" }))).toBe(false);
    expect(ruleMatches(r, alertFixture({}, { rbacGroupName: null }))).toBe(false);
    expect(ruleMatches(rule(), alertFixture({}, { rbacGroupName: null }))).toBe(true);
  });
  it("never matches when disabled", () => {
    expect(ruleMatches(rule({ enabled: false }), alertFixture())).toBe(false);
  });
  it("matches alerts only for rules with the ALERT_CREATED trigger (the default of rules stored without triggers)", () => {
    expect(ruleMatches(rule({ triggers: undefined }), alertFixture())).toBe(true);
    expect(ruleMatches(rule({ triggers: ["ALERT_CREATED", "INCIDENT_CREATED"] }), alertFixture())).toBe(true);
    expect(ruleMatches(rule({ triggers: ["INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"] }), alertFixture())).toBe(false);
  });
});

describe("targetsFor", () => {
  it("sends to recipients added before the alert was raised, not to newer ones", () => {
    const r = rule({
      recipients: [
        { address: "old@x.example", addedAt: T0 },
        { address: "new@x.example", addedAt: "2026-01-03T00:00:00.000Z" },
      ],
    });
    const targets = targetsFor(r, alertFixture({}, { alertCreationTime: "2026-01-02T00:00:00.000Z" }), "2026-01-02T00:00:05.000Z");
    expect(targets.map((t) => `${t.channel}:${t.recipient}`)).toEqual(["EMAIL:old@x.example", "WEBHOOK:https://h.example/x"]);
  });
  it("uses the event time when the alert has no creation time", () => {
    const r = rule({ recipients: [{ address: "a@x.example", addedAt: "2026-01-02T00:00:00.000Z" }], webhooks: [] });
    expect(targetsFor(r, alertFixture({}, { alertCreationTime: null }), "2026-01-03T00:00:00.000Z")).toHaveLength(1);
    expect(targetsFor(r, alertFixture({}, { alertCreationTime: null }), "2026-01-01T00:00:00.000Z")).toHaveLength(0);
  });
});

describe("deliveryIdFor", () => {
  it("is deterministic and distinct per recipient, alert and rule", () => {
    const t = { channel: "EMAIL" as const, recipient: "A@x.example", webhookId: null };
    const id = deliveryIdFor("r1", "t1", "a1", t);
    expect(deliveryIdFor("r1", "t1", "a1", { ...t, recipient: "a@x.example" })).toBe(id);
    expect(
      new Set([
        id,
        deliveryIdFor("r2", "t1", "a1", t),
        deliveryIdFor("r1", "t1", "a2", t),
        deliveryIdFor("r1", "t1", "a1", { ...t, recipient: "b@x.example" }),
      ]).size,
    ).toBe(4);
  });
});
