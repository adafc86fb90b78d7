import { describe, expect, it } from "vitest";
import { defenderAlert } from "../../upstream/defender.mapper.js";
import type { DefenderAlert } from "../../upstream/defender.types.js";
import { compileAlertEventFilter } from "./alert-event.filter.js";

const alert = (extra: Partial<DefenderAlert>) =>
  defenderAlert({
    id: "a1",
    title: "Suspicious PowerShell",
    description: "Encoded command line",
    severity: "High",
    status: "New",
    category: "Execution",
    detectionSource: "WindowsDefenderAtp",
    assignedTo: "Ann@Mssp.example",
    machineId: "m1",
    incidentId: 7,
    alertCreationTime: "2024-05-01T10:00:00Z",
    lastUpdateTime: "2024-05-02T10:00:00Z",
    ...extra,
  } as DefenderAlert);

describe("alert event filter", () => {
  it("matches what the index would match", () => {
    const f = compileAlertEventFilter(["t1"], {
      severities: ["HIGH", "MEDIUM"],
      statuses: ["NEW"],
      categories: ["Execution"],
      detectionSources: ["WINDOWS_DEFENDER_ATP"],
      assignedTo: ["ann@mssp.example"],
      search: "encoded",
      machineId: "m1",
      incidentId: "7",
      updatedSince: "2024-05-02T10:00:00Z",
      createdSince: "2024-05-01T00:00:00Z",
      createdUntil: "2024-05-01T10:00:00Z",
    });
    expect(f.matches("t1", alert({}))).toBe(true);
    expect(f.matches("t2", alert({}))).toBe(false);
    expect(f.matches("t1", alert({ severity: "Low" }))).toBe(false);
    expect(f.matches("t1", alert({ assignedTo: null }))).toBe(false);
    expect(f.matches("t1", alert({ description: null, title: "nothing here" }))).toBe(false);
    expect(f.matches("t1", alert({ lastUpdateTime: "2024-05-02T09:59:59Z" }))).toBe(false);
    expect(f.matches("t1", alert({ alertCreationTime: "2024-05-01T10:00:01Z" }))).toBe(false);
    expect(f.matches("t1", alert({ incidentId: null }))).toBe(false);
  });

  it("without conditions matches every tenant and alert", () => {
    const f = compileAlertEventFilter(undefined, {});
    expect(f.tenantIds).toBeNull();
    expect(f.matches("any", alert({ severity: "Whatever" }))).toBe(true);
  });
});
