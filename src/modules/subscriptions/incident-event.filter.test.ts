import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { makeIncident } from "../../../test/helpers/incident.fixture.js";
import type { IncidentEventRecord } from "../../store/incident.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { createIncidentEventService } from "./incident-event.service.js";

const record = (tenantId: string, incident: SecurityIncident): IncidentEventRecord => ({
  cursor: "1-0",
  kind: "UPDATED",
  tenantId,
  incidentId: incident.id,
  at: new Date().toISOString(),
  incident,
});

// makeIncident: status n%5 = ACTIVE, IN_PROGRESS, RESOLVED, AWAITING_ACTION, REDIRECTED; severity n%4 = LOW, MEDIUM, HIGH, INFORMATIONAL
const active = makeIncident("i0", 0);
const redirected = makeIncident("i4", 4);
const highInProgress = makeIncident("i6", 6);

describe("incident event filter", () => {
  const { parseRequest } = createIncidentEventService({ events: null as never });
  const matches = (filter: Parameters<typeof parseRequest>[0]["filter"], tenantId: string, i: SecurityIncident) =>
    parseRequest({ filter }).filter.matches(record(tenantId, i));

  it("selects what the incident index would, tenants narrowing only what was asked", () => {
    const f = { tenantIds: ["t1"], severities: ["HIGH"], statuses: ["IN_PROGRESS"] };
    expect(matches(f, "t1", highInProgress)).toBe(true);
    expect(matches(f, "t2", highInProgress)).toBe(false);
    expect(matches(f, "t1", active)).toBe(false);
    expect(matches(undefined, "any", active)).toBe(true);
  });

  it("delivers merges by default (a live queue must hear of them); includeRedirected: false drops them", () => {
    expect(matches(undefined, "t1", redirected)).toBe(true);
    expect(matches({ includeRedirected: false }, "t1", redirected)).toBe(false);
    expect(matches({ includeRedirected: false }, "t1", active)).toBe(true);
    expect(matches({ statuses: ["REDIRECTED"], includeRedirected: false }, "t1", redirected)).toBe(true);
  });

  it("refuses a malformed cursor", () => {
    expect(() => parseRequest({ after: "nope" })).toThrow(/after/);
    expect(parseRequest({ after: "1700000000000-3" }).after).toBe("1700000000000-3");
  });
});
