import { describe, expect, it } from "vitest";
import { exampleTabs, exampleVariables, loadExampleOperations } from "./graphiql.tabs.js";

describe("GraphiQL example tabs", () => {
  it("puts the incident tabs in the analyst's order: queue after alerts, one incident after one alert, live beside live", () => {
    const names = loadExampleOperations().map((o) => o.name);
    const at = (n: string) => names.indexOf(n);
    for (const n of [
      "incidents",
      "incident",
      "update-incident",
      "add-incident-comment",
      "add-alert-comment",
      "incident-events",
      "incident-events-since",
    ])
      expect(at(n), n).toBeGreaterThanOrEqual(0);
    expect(names.slice(0, 4)).toEqual(["alerts", "incidents", "alert", "incident"]);
    expect(at("update-alert")).toBeLessThan(at("update-incident"));
    expect(at("alert-events")).toBeLessThan(at("incident-events"));
    expect(at("incident-events")).toBeLessThan(at("alert-events-since"));
    expect(at("incident-events-since")).toBeLessThan(at("tenants"));
  });

  it("fills the incident tabs with the demo's incident, or placeholders naming the tab to copy from", () => {
    const demo = { tenantId: "t1", alertId: "a1", incidentId: "42", username: "alice@mssp.example" };
    expect(exampleVariables("incident", demo)).toEqual({ tenantId: "t1", id: "42", alertsFirst: 10 });
    expect(exampleVariables("update-incident", demo)).toMatchObject({
      input: { tenantId: "t1", id: "42", assignedTo: "alice@mssp.example" },
    });
    expect(exampleVariables("add-incident-comment", demo)).toMatchObject({ tenantId: "t1", id: "42" });
    expect(exampleVariables("add-alert-comment", demo)).toMatchObject({ tenantId: "t1", id: "a1" });
    expect(exampleVariables("incident", {})).toMatchObject({ id: "<incident id: see the Incidents tab>" });
    const tabs = exampleTabs(demo);
    expect(JSON.parse(tabs.find((t) => t.name === "incidents")!.variables!)).toMatchObject({
      first: 20,
      filter: { statuses: ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION"] },
    });
  });
});
