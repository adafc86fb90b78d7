import type { DefenderMachine } from "../upstream/defender.types.js";
import { GRAPH_EVIDENCE_TYPES, type GraphAlert, type GraphEvidence } from "../upstream/graph.types.js";
import { ANALYSTS, COMMENTS, USER_NAMES } from "./alert.catalog.js";
import { deviceEvidence, userAccount } from "./graph.mapper.js";
import type { Prng } from "./random.prng.js";
import type { SimTenant } from "./simulator.types.js";
import { netbiosName } from "./tenant.generator.js";
import { FREE_TEXT_ASSIGNEES, XDR_TEMPLATES, type XdrEvidenceKind, type XdrTemplate } from "./xdr.catalog.js";

const iso = (ms: number): string => new Date(ms).toISOString();
const PORTAL = "https://security.microsoft.com";

/** Ids of non-endpoint alerts: `ar` + 18 digits + a GUID tail, unlike the `da…` ids of Defender for Endpoint. */
export function xdrAlertId(prng: Prng, createdMs: number): string {
  return `ar${createdMs}${String(prng.int(0, 99_999)).padStart(5, "0")}_${prng.hex(8)}`;
}

interface XdrContext {
  tenant: SimTenant;
  machines: readonly DefenderMachine[];
  /** Incident to join, or null for an alert Graph has not correlated (yet). */
  incidentId: string | null;
}

function evidence(prng: Prng, kind: XdrEvidenceKind, t: XdrTemplate, ctx: XdrContext, user: string, createdMs: number): GraphEvidence {
  const created = iso(createdMs + prng.int(100, 900));
  // Fresh per call, so each kind's fields are assigned onto it: a spread followed by fields is slow in V8 (see graph.mapper.ts).
  const base = {
    createdDateTime: created,
    verdict: "suspicious",
    remediationStatus: "none",
    remediationStatusDetails: null,
    roles: [] as string[],
    detailedRoles: [] as string[],
    tags: [] as string[],
  };
  const upn = `${user}@${ctx.tenant.domain}`;
  switch (kind) {
    case "user":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.user,
        roles: ["compromised"],
        userAccount: userAccount(user, netbiosName(ctx.tenant), upn, null, prng.guid()),
      });
    case "ip":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.ip,
        roles: ["attacker"],
        ipAddress: `203.0.113.${prng.int(1, 254)}`,
        countryLetterCode: prng.pick(["NL", "RU", "BR", "US", null]),
      });
    case "device": {
      const machine = ctx.machines.length > 0 ? prng.pick(ctx.machines) : null;
      if (machine) return deviceEvidence(machine, null, created);
      return Object.assign(base, { "@odata.type": GRAPH_EVIDENCE_TYPES.ip, ipAddress: "10.0.0.1", countryLetterCode: null });
    }
    case "mailbox":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.mailbox,
        displayName: user,
        primaryAddress: upn,
        userAccount: userAccount(user, null, upn),
      });
    case "url":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.url,
        verdict: "malicious",
        remediationStatus: "blocked",
        url: "https://login-micros0ft.example.com/common/oauth2",
      });
    case "analyzedMessage":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.analyzedMessage,
        verdict: "malicious",
        remediationStatus: "remediated",
        networkMessageId: prng.guid(),
        subject: "Action required: your mailbox is almost full",
        senderIp: `198.51.100.${prng.int(1, 254)}`,
        recipientEmailAddress: upn,
        deliveryAction: "delivered",
      });
    case "cloudApplication":
      return Object.assign(base, {
        "@odata.type": GRAPH_EVIDENCE_TYPES.cloudApplication,
        appId: prng.int(10_000, 99_999),
        displayName: prng.pick(["Office 365", "Dropbox", "Salesforce"]),
        instanceName: t.productName,
      });
    case "azureResource":
      return Object.assign(base, {
        "@odata.type": "#microsoft.graph.security.azureResourceEvidence",
        resourceId: `/subscriptions/${prng.guid()}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm-${prng.hex(4)}`,
        resourceName: `vm-${prng.hex(4)}`,
        resourceType: "Virtual Machine",
      });
  }
}

/**
 * One alert of a Defender product other than Defender for Endpoint, in Graph's shape. Real data's mess is
 * deliberate: free-text assignees, missing family names, no incident for some.
 */
export function generateXdrAlert(prng: Prng, ctx: XdrContext, createdMs: number, maxMs: number): GraphAlert {
  const t = prng.pick(XDR_TEMPLATES);
  const user = prng.pick(USER_NAMES);
  const firstMs = createdMs - prng.int(5_000, 600_000);
  const id = xdrAlertId(prng, createdMs);
  const alert: GraphAlert = {
    id,
    providerAlertId: prng.guid(),
    incidentId: ctx.incidentId,
    status: "new",
    severity: prng.pick(t.severities),
    classification: "unknown",
    determination: "unknown",
    serviceSource: t.serviceSource,
    detectionSource: t.detectionSource,
    productName: t.productName,
    detectorId: prng.guid(),
    tenantId: ctx.tenant.id,
    title: t.title,
    description: t.description,
    recommendedActions: t.recommendedActions,
    category: t.category,
    assignedTo: null,
    alertWebUrl: `${PORTAL}/alerts/${id}?tid=${ctx.tenant.id}`,
    incidentWebUrl: ctx.incidentId === null ? null : `${PORTAL}/incidents/${ctx.incidentId}?tid=${ctx.tenant.id}`,
    actorDisplayName: t.actorDisplayName,
    threatDisplayName: null,
    threatFamilyName: t.threatFamilyName,
    mitreTechniques: [...t.mitreTechniques],
    createdDateTime: iso(createdMs),
    lastUpdateDateTime: iso(createdMs),
    resolvedDateTime: null,
    firstActivityDateTime: iso(firstMs),
    lastActivityDateTime: iso(firstMs + prng.int(0, createdMs - firstMs)),
    comments: [],
    evidence: t.evidence.map((kind) => evidence(prng, kind, t, ctx, user, createdMs)),
    systemTags: t.serviceSource === "microsoftSentinel" ? ["Sentinel analytics rule"] : [],
    customDetails: t.serviceSource === "microsoftSentinel" ? { FailedAttempts: [String(prng.int(20, 300))] } : null,
    additionalData: {},
  };
  if (maxMs > createdMs) {
    const roll = prng.next();
    let lastMs = Math.min(maxMs, createdMs + prng.int(60_000, 3_600_000));
    if (roll >= 0.45) {
      alert.status = "inProgress";
      alert.assignedTo = prng.pick([...ANALYSTS, ...FREE_TEXT_ASSIGNEES]);
      if (prng.chance(0.5))
        alert.comments.push({
          comment: prng.pick(COMMENTS),
          createdByDisplayName: prng.pick(["Alice Smith", "Automation"]),
          createdDateTime: iso(lastMs),
        });
    }
    if (roll >= 0.75) {
      alert.status = "resolved";
      alert.classification = prng.pick(["truePositive", "falsePositive", "informationalExpectedActivity"]);
      alert.determination =
        alert.classification === "truePositive"
          ? "maliciousUserActivity"
          : alert.classification === "falsePositive"
            ? "clean"
            : "confirmedUserActivity";
      lastMs = Math.min(maxMs, lastMs + prng.int(60_000, 3_600_000));
      alert.resolvedDateTime = iso(lastMs);
    }
    alert.lastUpdateDateTime = iso(lastMs);
  }
  return alert;
}
