import { defenderAlert } from "../../src/upstream/defender.mapper.js";
import type { DefenderAlert, DefenderEvidence } from "../../src/upstream/defender.types.js";
import type { SecurityAlert } from "../../src/upstream/upstream.types.js";

/*
 * The one alert fixture: `alertFixture` (a realistic alert, unique per call, for notification tests)
 * and `makeAlert` (deterministic facets derived from `n`, for store and index tests).
 */

let seq = 0;
/** A complete alert (the gateway model, as a legacy alert maps to it) with a unique id; override what the test is about. */
export function alertFixture(overrides: Partial<SecurityAlert> = {}, wire: Partial<DefenderAlert> = {}): SecurityAlert {
  return { ...defenderAlert(defenderAlertFixture(wire)), ...overrides };
}

/** The same alert in the legacy wire shape. */
export function defenderAlertFixture(overrides: Partial<DefenderAlert> = {}): DefenderAlert {
  seq++;
  return {
    id: `da_test_${seq}`,
    incidentId: 1000 + seq,
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
    title: `Suspicious PowerShell command line ${seq}`,
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

export const BASE_MS = Date.parse("2026-11-01T00:00:00Z");
export const at = (minute: number) => new Date(BASE_MS + minute * 60_000).toISOString();

const evidence = (i: number): DefenderEvidence => ({
  entityType: "Process",
  evidenceCreationTime: at(i),
  sha1: "a".repeat(40),
  sha256: "b".repeat(64),
  fileName: "powershell.exe",
  filePath: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
  processId: 4000 + i,
  processCommandLine: "powershell -enc SQBFAFgA",
  processCreationTime: at(i),
  parentProcessId: 1000,
  parentProcessCreationTime: at(i),
  parentProcessFileName: "explorer.exe",
  parentProcessFilePath: "C:\\Windows",
  ipAddress: null,
  url: null,
  registryKey: null,
  registryHive: null,
  registryValueType: null,
  registryValue: null,
  accountName: "alice",
  domainName: "CONTOSO",
  userSid: "S-1-5-21-1",
  aadUserId: null,
  userPrincipalName: "alice@contoso.example",
  detectionStatus: "Detected",
});

/**
 * A deterministic alert whose facets vary with `n`: severity n%4, status n%3 (New, InProgress, Resolved),
 * category/detection source n%2, assignedTo when n%3==0, description when n%7==0, machine n%4, incident n%5.
 * Created and last updated at minute `n` unless overridden.
 */
export function makeAlert(id: string, n: number, over: Partial<SecurityAlert> = {}, wire: Partial<DefenderAlert> = {}): SecurityAlert {
  return { ...defenderAlert(makeDefenderAlert(id, n, wire)), ...over };
}

export function makeDefenderAlert(id: string, n: number, over: Partial<DefenderAlert> = {}): DefenderAlert {
  const t = at(n);
  return {
    id,
    incidentId: n % 5,
    investigationId: null,
    assignedTo: n % 3 === 0 ? "Tier1@mssp.example" : null,
    severity: ["Low", "Medium", "High", "Informational"][n % 4],
    status: ["New", "InProgress", "Resolved"][n % 3],
    classification: null,
    determination: null,
    investigationState: "Running",
    detectionSource: n % 2 ? "WindowsDefenderAv" : "WindowsDefenderAtp",
    detectorId: "d-1",
    category: n % 2 ? "Execution" : "Malware",
    threatFamilyName: null,
    threatName: null,
    title: `Alert ${id} ${n % 2 ? "Mimikatz" : "PowerShell"}`,
    description: n % 7 === 0 ? "Suspicious LSASS access" : null,
    alertCreationTime: t,
    firstEventTime: t,
    lastEventTime: t,
    lastUpdateTime: t,
    resolvedTime: null,
    machineId: `m${n % 4}`,
    computerDnsName: `pc${n % 4}.contoso.example`,
    rbacGroupName: null,
    aadTenantId: null,
    mitreTechniques: ["T1059.001"],
    relatedUser: { userName: "alice", domainName: "CONTOSO" },
    comments: [],
    evidence: [evidence(n), evidence(n + 1)],
    ...over,
  };
}

/** The alert `minutes` later, with changes. */
export const bumped = (a: SecurityAlert, minutes: number, over: Partial<SecurityAlert> = {}): SecurityAlert => ({
  ...a,
  ...over,
  lastUpdateDateTime: new Date(Date.parse(a.lastUpdateDateTime!) + minutes * 60_000).toISOString(),
});
