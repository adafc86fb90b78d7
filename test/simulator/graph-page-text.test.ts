import { describe, expect, it } from "vitest";
import { alertPageText, presentAlert } from "../../src/simulator/graph.present.js";
import { graphAlerts } from "../../src/simulator/incident.store.js";
import { createWorld } from "../../src/simulator/world.store.js";
import { DEFENDER_LIMITS } from "../../src/upstream/defender.types.js";

// The simulator writes a Graph alert page from its alerts' remembered JSON bytes (never one large string); what
// callers read must be exactly `JSON.stringify` of the page, byte for byte.
describe("alertPageText", () => {
  const world = createWorld({
    seed: 7,
    epochMs: Date.parse("2026-12-01T00:00:00Z"),
    tenantCount: 1,
    alertsPerTenant: 40,
    machinesPerTenant: 5,
    xdrAlertsPerTenant: 10,
    limits: { ...DEFENDER_LIMITS },
    graphLimits: { perMinute: 1e9, perHour: 1e9 },
  });
  const alerts = graphAlerts(world.tenants[0]);
  // one alert that is not the simulator's remembered copy, with text outside ASCII
  const edited = { ...alerts[0], title: 'Zoë\'s 🛡️ alert — "quoted"' };
  const head = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2",
    "@odata.nextLink": "next?$skiptoken=x",
  };

  it.each([false, true])("is JSON.stringify of the presented page (unknown enum members included: %s)", (include) => {
    const value = [edited, ...alerts];
    const expected = JSON.stringify({ ...head, value: value.map((a) => presentAlert(a, include)) });
    const page = alertPageText({ ...head, value }, include);
    expect(page.text).toBe(expected);
    expect(page.bytes().equals(Buffer.from(expected))).toBe(true);
    // remembered bytes are reused, not changed, by a second page
    expect(alertPageText({ ...head, value }, include).text).toBe(expected);
  });

  it("writes an empty page", () => {
    expect(alertPageText({ ...head, value: [] }, false).text).toBe(JSON.stringify({ ...head, value: [] }));
  });
});
