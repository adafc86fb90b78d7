import type { DefenderAlert } from "../../src/upstream/defender.types.js";

let n = 0;
/** A complete Defender alert with sensible defaults; override what the test is about. */
export function alertFixture(overrides: Partial<DefenderAlert> = {}): DefenderAlert {
  n++;
  return {
    id: `da_test_${n}`,
    incidentId: 1000 + n,
    investigationId: null,
    assignedTo: null,
    severity: "High",
    status: "New",
    classification: null,
    determination: null,
    investigationState: null,
    detectionSource: "WindowsDefenderAtp",
    detectorId: null,
    category: "Execution",
    threatFamilyName: null,
    threatName: null,
    title: `Suspicious PowerShell command line ${n}`,
    description: "A process ran an encoded command.",
    alertCreationTime: new Date().toISOString(),
    firstEventTime: null,
    lastEventTime: null,
    lastUpdateTime: new Date().toISOString(),
    resolvedTime: null,
    machineId: "m-1",
    computerDnsName: "fin-ws-01.contoso.local",
    rbacGroupName: "Finance Workstations",
    aadTenantId: null,
    mitreTechniques: [],
    relatedUser: null,
    comments: [],
    evidence: [],
    ...overrides,
  };
}
