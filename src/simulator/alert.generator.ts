import { createHash } from "node:crypto";
import type { DefenderAlert, DefenderComment, DefenderEvidence, DefenderMachine } from "../upstream/defender.types.js";
import { ALERT_TEMPLATES, ANALYSTS, COMMENTS, USER_NAMES, type AlertTemplate, type EvidenceKind } from "./alert.catalog.js";
import { FREE_TEXT_ASSIGNEES } from "./xdr.catalog.js";
import type { Prng } from "./random.prng.js";
import type { SimAlertUpdate, SimTenant } from "./simulator.types.js";
import { netbiosName } from "./tenant.generator.js";

// .NET ticks at the Unix epoch: MDE alert ids start with "da" + ticks of the creation time.
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

const DETERMINATIONS_BY_CLASSIFICATION: Record<string, readonly string[]> = {
  TruePositive: ["MultiStagedAttack", "MaliciousUserActivity", "CompromisedUser", "Malware", "Phishing", "UnwantedSoftware"],
  InformationalExpectedActivity: ["SecurityTesting", "LineOfBusinessApplication", "ConfirmedUserActivity"],
  FalsePositive: ["Clean", "InsufficientData"],
};
const CLASSIFICATIONS = Object.keys(DETERMINATIONS_BY_CLASSIFICATION);
const OPEN_INVESTIGATION_STATES = ["Running", "PendingApproval", "Queued", "PartiallyInvestigated"] as const;
const CLOSED_INVESTIGATION_STATES = ["SuccessfullyRemediated", "Benign", "TerminatedBySystem", "PartiallyRemediated"] as const;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Stable detector GUID per template, as a real detector id is the same in every tenant. */
function detectorId(template: AlertTemplate): string {
  const h = createHash("sha1").update(`detector:${template.title}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function alertId(prng: Prng, createdMs: number): string {
  const ticks = BigInt(createdMs) * 10_000n + TICKS_AT_UNIX_EPOCH + BigInt(prng.int(0, 9_999));
  return `da${ticks}_${prng.int(-2_147_483_648, 2_147_483_647)}`;
}

/**
 * A row of the given kind with every column null but its creation time. A literal, not a spread of a constant: V8
 * (Node 20) builds `{ ...constant, field }` and then each added field on a slow path, ≈ 2 µs per field, and the bench
 * generates 100,000 alerts before it can start.
 */
const emptyEvidence = (entityType: EvidenceKind, evidenceCreationTime: string): DefenderEvidence => ({
  entityType,
  evidenceCreationTime,
  sha1: null,
  sha256: null,
  fileName: null,
  filePath: null,
  processId: null,
  processCommandLine: null,
  processCreationTime: null,
  parentProcessId: null,
  parentProcessCreationTime: null,
  parentProcessFileName: null,
  parentProcessFilePath: null,
  ipAddress: null,
  url: null,
  registryKey: null,
  registryHive: null,
  registryValueType: null,
  registryValue: null,
  accountName: null,
  domainName: null,
  userSid: null,
  aadUserId: null,
  userPrincipalName: null,
  detectionStatus: null,
});

interface EvidenceContext {
  template: AlertTemplate;
  createdMs: number;
  firstEventMs: number;
  userName: string;
  tenant: SimTenant;
}

function evidenceItem(prng: Prng, kind: EvidenceKind, ctx: EvidenceContext): DefenderEvidence {
  const base = emptyEvidence(kind, iso(ctx.createdMs + prng.int(100, 900)));
  const filePath = `C:\\Users\\${ctx.userName}\\AppData\\Local\\Temp`;
  const detectionStatus = prng.pick(["Detected", "Blocked", "Prevented"]);
  switch (kind) {
    case "Process":
      return Object.assign(base, {
        sha1: prng.hex(40),
        sha256: prng.hex(64),
        fileName: ctx.template.fileName,
        filePath: ctx.template.fileName.endsWith(".exe") && ctx.template.fileName.length < 13 ? "C:\\Windows\\System32" : filePath,
        processId: prng.int(1_000, 15_000),
        processCommandLine: ctx.template.commandLine,
        processCreationTime: iso(ctx.firstEventMs + prng.int(0, 500)),
        parentProcessId: prng.int(500, 9_000),
        parentProcessCreationTime: iso(ctx.firstEventMs - prng.int(60_000, 3_600_000)),
        parentProcessFileName: prng.pick(["cmd.exe", "explorer.exe", "services.exe", "wmiprvse.exe"]),
        parentProcessFilePath: "C:\\Windows\\System32",
        detectionStatus,
      });
    case "File":
      return Object.assign(base, { sha1: prng.hex(40), sha256: prng.hex(64), fileName: ctx.template.fileName, filePath, detectionStatus });
    case "User":
      return Object.assign(base, {
        accountName: ctx.userName,
        domainName: netbiosName(ctx.tenant),
        userSid: `S-1-5-21-${prng.int(1e9, 4e9)}-${prng.int(1e9, 4e9)}-${prng.int(1e9, 4e9)}-${prng.int(1_000, 9_999)}`,
        aadUserId: prng.guid(),
        userPrincipalName: `${ctx.userName}@${ctx.tenant.domain}`,
      });
    case "Ip":
      return Object.assign(base, { ipAddress: `198.51.100.${prng.int(1, 254)}` });
    case "Url":
      return Object.assign(base, { url: ctx.template.url ?? "http://malicious.example.net/", detectionStatus });
    case "Registry":
      return Object.assign(base, {
        registryKey: "SOFTWARE\\Policies\\Microsoft\\Windows Defender",
        registryHive: "HKEY_LOCAL_MACHINE",
        registryValueType: "Dword",
        registryValue: "1",
        detectionStatus,
      });
  }
}

export interface AlertGenContext {
  tenant: SimTenant;
  machines: readonly DefenderMachine[];
  /** Next incident id of the tenant; the generator consumes it and returns how many it used. */
  nextIncidentId: number;
}

/**
 * One realistic alert. `aged` alerts created in the past get a plausible history (triage, comments, resolution)
 * that ends by `maxMs`; fresh ones are New and unassigned with lastUpdateTime = `createdMs`.
 */
export function generateAlert(
  prng: Prng,
  ctx: AlertGenContext,
  createdMs: number,
  maxMs: number,
  aged: boolean,
): { alert: DefenderAlert; incidentIdsUsed: number } {
  const template = prng.pick(ALERT_TEMPLATES);
  const machine = ctx.machines.length > 0 ? prng.pick(ctx.machines) : null;
  const userName = prng.pick(USER_NAMES);
  const firstEventMs = createdMs - prng.int(5_000, 900_000);
  const lastEventMs = firstEventMs + prng.int(0, createdMs - firstEventMs);
  const evidenceCount = Math.min(template.evidence.length, prng.int(1, 3));
  const evidenceCtx: EvidenceContext = { template, createdMs, firstEventMs, userName, tenant: ctx.tenant };
  const evidence = template.evidence.slice(0, evidenceCount).map((kind) => evidenceItem(prng, kind, evidenceCtx));
  const hasInvestigation = template.detectionSource !== "CustomDetection" && prng.chance(0.6);
  const newIncident = prng.chance(0.7);

  const alert: DefenderAlert = {
    id: alertId(prng, createdMs),
    incidentId: newIncident ? ctx.nextIncidentId : Math.max(1, ctx.nextIncidentId - prng.int(1, 5)),
    investigationId: hasInvestigation ? prng.int(1_000, 99_999) : null,
    assignedTo: null,
    severity: prng.pick(template.severities),
    status: "New",
    classification: null,
    determination: null,
    investigationState: hasInvestigation ? prng.pick(OPEN_INVESTIGATION_STATES) : "UnsupportedAlertType",
    detectionSource: template.detectionSource,
    detectorId: detectorId(template),
    category: template.category,
    threatFamilyName: template.threatFamilyName,
    threatName: template.threatName,
    title: template.title,
    description: template.description,
    alertCreationTime: iso(createdMs),
    firstEventTime: iso(firstEventMs),
    lastEventTime: iso(lastEventMs),
    lastUpdateTime: iso(createdMs),
    resolvedTime: null,
    machineId: machine?.id ?? null,
    computerDnsName: machine?.computerDnsName ?? null,
    rbacGroupName: machine?.rbacGroupName ?? null,
    aadTenantId: ctx.tenant.id,
    mitreTechniques: [...template.mitreTechniques],
    // Real alerts often name no user (system processes, network-only detections).
    relatedUser: prng.chance(0.15) ? null : { userName, domainName: netbiosName(ctx.tenant) },
    comments: [],
    evidence,
  };
  if (aged && maxMs > createdMs) age(prng, alert, createdMs, maxMs, hasInvestigation);
  return { alert, incidentIdsUsed: newIncident ? 1 : 0 };
}

/** Gives a past alert a triage history ending no later than `maxMs`. */
function age(prng: Prng, alert: DefenderAlert, createdMs: number, maxMs: number, hasInvestigation: boolean): void {
  const roll = prng.next();
  let lastMs = createdMs + prng.int(1_000, 120_000);
  const step = (): number => {
    lastMs = Math.min(maxMs, lastMs + prng.int(60_000, Math.max(60_001, Math.floor((maxMs - createdMs) / 4))));
    return lastMs;
  };
  if (roll >= 0.5) {
    alert.status = "InProgress";
    // Assignees are free text upstream: UPNs, display names, "Automation".
    alert.assignedTo = prng.chance(0.3) ? prng.pick(FREE_TEXT_ASSIGNEES) : prng.pick(ANALYSTS);
    for (let i = prng.int(0, 2); i > 0; i--) alert.comments.push(comment(prng, step()));
  }
  if (roll >= 0.75) {
    alert.status = "Resolved";
    const classification = prng.pick(CLASSIFICATIONS);
    alert.classification = classification;
    alert.determination = prng.pick(DETERMINATIONS_BY_CLASSIFICATION[classification] ?? ["Other"]);
    alert.resolvedTime = iso(step());
    if (hasInvestigation) alert.investigationState = prng.pick(CLOSED_INVESTIGATION_STATES);
  }
  alert.lastUpdateTime = iso(Math.min(maxMs, lastMs));
}

function comment(prng: Prng, ms: number, author?: string): DefenderComment {
  return { comment: prng.pick(COMMENTS), createdBy: author ?? prng.pick(ANALYSTS), createdTime: iso(ms) };
}

/** A plausible next analyst action on an alert: triage, resolution or a comment. */
export function randomUpdate(prng: Prng, alert: DefenderAlert): SimAlertUpdate {
  if (alert.status === "New") return { status: "InProgress", assignedTo: prng.pick(ANALYSTS) };
  if (alert.status === "InProgress" && prng.chance(0.5)) {
    const classification = prng.pick(CLASSIFICATIONS);
    return {
      status: "Resolved",
      classification,
      determination: prng.pick(DETERMINATIONS_BY_CLASSIFICATION[classification] ?? ["Other"]),
    };
  }
  return { comment: prng.pick(COMMENTS), commentBy: alert.assignedTo ?? prng.pick(ANALYSTS) };
}
