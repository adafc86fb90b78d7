import { describe, expect, it } from "vitest";
import { makeIncident } from "../../../test/helpers/incident.fixture.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { deliveryIdFor } from "./notification.matcher.js";
import type { StoredNotificationRule } from "./notification.model.js";
import {
  incidentDeliveryIdFor,
  incidentRuleMatches,
  incidentTargetsFor,
  incidentTriggerOf,
  severityRaised,
} from "./notification-incident.matcher.js";

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
  triggers: ["INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"],
  createdBy: "a",
  createdAt: T0,
  updatedBy: "a",
  updatedAt: T0,
  ...over,
});
/** An open incident (ACTIVE, not redirected) of this severity, created and updated in November 2026. */
const incident = (severity: SecurityIncident["severity"], over: Partial<SecurityIncident> = {}) =>
  makeIncident("42", 0, { severity, status: "ACTIVE", redirectIncidentId: null, ...over });
const none = { deviceGroups: [] };

describe("incident triggers", () => {
  it("maps a CREATED event to INCIDENT_CREATED and an UPDATED one to INCIDENT_SEVERITY_RAISED", () => {
    expect(incidentTriggerOf("CREATED")).toBe("INCIDENT_CREATED");
    expect(incidentTriggerOf("UPDATED")).toBe("INCIDENT_SEVERITY_RAISED");
  });

  it("fires INCIDENT_CREATED for a selected severity only, and only on rules that have the trigger", () => {
    expect(incidentRuleMatches(rule(), "INCIDENT_CREATED", incident("HIGH"), none)).toBe(true);
    expect(incidentRuleMatches(rule(), "INCIDENT_CREATED", incident("LOW"), none)).toBe(false);
    expect(incidentRuleMatches(rule(), "INCIDENT_CREATED", incident(null), none)).toBe(false);
    expect(incidentRuleMatches(rule({ triggers: undefined }), "INCIDENT_CREATED", incident("HIGH"), none)).toBe(false);
    expect(incidentRuleMatches(rule({ triggers: ["INCIDENT_SEVERITY_RAISED"] }), "INCIDENT_CREATED", incident("HIGH"), none)).toBe(false);
    expect(incidentRuleMatches(rule({ enabled: false }), "INCIDENT_CREATED", incident("HIGH"), none)).toBe(false);
  });

  it("never fires for a merged (redirected) incident", () => {
    const merged = incident("HIGH", { status: "REDIRECTED", redirectIncidentId: "43" });
    expect(incidentRuleMatches(rule(), "INCIDENT_CREATED", merged, none)).toBe(false);
    expect(incidentRuleMatches(rule(), "INCIDENT_SEVERITY_RAISED", merged, { deviceGroups: [], previousSeverity: "LOW" })).toBe(false);
  });

  it("checks device groups through the incident's alerts' devices, case-insensitively", () => {
    const servers = rule({ deviceGroups: ["Servers"] });
    expect(incidentRuleMatches(servers, "INCIDENT_CREATED", incident("HIGH"), { deviceGroups: ["Workstations", "servers"] })).toBe(true);
    expect(incidentRuleMatches(servers, "INCIDENT_CREATED", incident("HIGH"), { deviceGroups: ["Workstations"] })).toBe(false);
    expect(incidentRuleMatches(servers, "INCIDENT_CREATED", incident("HIGH"), none)).toBe(false);
  });
});

describe("severityRaised: up to or past the rule's lowest selected severity, compared with the previous version", () => {
  const mediumUp = rule({ severities: ["HIGH", "MEDIUM"] });
  it.each([
    ["LOW", "HIGH", true],
    ["LOW", "MEDIUM", true],
    ["INFORMATIONAL", "MEDIUM", true],
    [null, "MEDIUM", true],
    ["UNKNOWN", "HIGH", true],
    ["MEDIUM", "HIGH", false],
    ["HIGH", "HIGH", false],
    ["HIGH", "LOW", false],
    ["LOW", "LOW", false],
    ["INFORMATIONAL", "LOW", false],
  ] as const)("%s → %s: %s", (previous, current, expected) => {
    expect(severityRaised(mediumUp, previous, current)).toBe(expected);
  });

  it("is never a rise when no previous version is known", () => {
    expect(severityRaised(mediumUp, undefined, "HIGH")).toBe(false);
    expect(incidentRuleMatches(mediumUp, "INCIDENT_SEVERITY_RAISED", incident("HIGH"), { deviceGroups: [] })).toBe(false);
  });

  it("uses the lowest selected severity as the threshold even when the selection has gaps", () => {
    expect(severityRaised(rule({ severities: ["HIGH", "LOW"] }), "INFORMATIONAL", "MEDIUM")).toBe(true);
    expect(severityRaised(rule({ severities: ["HIGH"] }), "LOW", "MEDIUM")).toBe(false);
  });
});

describe("incidentTargetsFor", () => {
  const r = rule({
    recipients: [
      { address: "old@x.example", addedAt: T0 },
      { address: "new@x.example", addedAt: "2026-11-02T00:00:00.000Z" },
    ],
    webhooks: [],
  });
  const created = incident("HIGH", { createdDateTime: "2026-11-01T00:00:00.000Z", lastUpdateDateTime: "2026-11-03T00:00:00.000Z" });

  it("sends a new incident to recipients added before it was created", () => {
    expect(incidentTargetsFor(r, "INCIDENT_CREATED", created, none, "2026-11-03T00:00:01.000Z").map((t) => t.recipient)).toEqual([
      "old@x.example",
    ]);
  });

  it("sends a rise to recipients added before the version that rose", () => {
    const facts = { deviceGroups: [], previousSeverity: "LOW" };
    expect(incidentTargetsFor(r, "INCIDENT_SEVERITY_RAISED", created, facts, "2026-11-03T00:00:01.000Z").map((t) => t.recipient)).toEqual([
      "old@x.example",
      "new@x.example",
    ]);
  });
});

describe("incidentDeliveryIdFor", () => {
  const email = { channel: "EMAIL" as const, recipient: "A@x.example", webhookId: null };
  const v1 = incident("HIGH", { lastUpdateDateTime: "2026-11-01T00:00:00.000Z" });
  const v2 = incident("HIGH", { lastUpdateDateTime: "2026-11-01T00:05:00.000Z" });

  it("is deterministic per (rule, tenant, trigger, incident, recipient) and never an alert's id", () => {
    const id = incidentDeliveryIdFor("r1", "t1", "INCIDENT_CREATED", v1, email);
    expect(incidentDeliveryIdFor("r1", "t1", "INCIDENT_CREATED", v2, { ...email, recipient: "a@x.example" })).toBe(id);
    expect(
      new Set([
        id,
        deliveryIdFor("r1", "t1", "42", email),
        incidentDeliveryIdFor("r1", "t1", "INCIDENT_SEVERITY_RAISED", v1, email),
        incidentDeliveryIdFor("r2", "t1", "INCIDENT_CREATED", v1, email),
        incidentDeliveryIdFor("r1", "t2", "INCIDENT_CREATED", v1, email),
        incidentDeliveryIdFor("r1", "t1", "INCIDENT_CREATED", v1, { ...email, recipient: "b@x.example" }),
      ]).size,
    ).toBe(6);
  });

  it("names the version that rose: a replay of one rise is the same delivery, a second rise is another", () => {
    const rise = incidentDeliveryIdFor("r1", "t1", "INCIDENT_SEVERITY_RAISED", v1, email);
    expect(incidentDeliveryIdFor("r1", "t1", "INCIDENT_SEVERITY_RAISED", { ...v1 }, email)).toBe(rise);
    expect(incidentDeliveryIdFor("r1", "t1", "INCIDENT_SEVERITY_RAISED", v2, email)).not.toBe(rise);
  });
});
