import type { SecurityIncident } from "../../src/upstream/upstream.types.js";
import { at } from "./alert.fixture.js";

const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "INFORMATIONAL"] as const;
const STATUSES = ["ACTIVE", "IN_PROGRESS", "RESOLVED", "AWAITING_ACTION", "REDIRECTED"] as const;
const OWNERS = ["Tier1@mssp.example", "Automation", "  ", null, null, null] as const;
const SOURCES: (SecurityIncident["serviceSources"] | undefined)[] = [
  undefined,
  ["MICROSOFT_DEFENDER_FOR_ENDPOINT"],
  ["MICROSOFT_DEFENDER_FOR_IDENTITY", "MICROSOFT_DEFENDER_FOR_ENDPOINT"],
  ["MICROSOFT_DEFENDER_FOR_OFFICE365"],
];

/**
 * A deterministic incident whose facets vary with `n`: severity n%4 (LOW, MEDIUM, HIGH, INFORMATIONAL), status n%5
 * (ACTIVE, IN_PROGRESS, RESOLVED, AWAITING_ACTION, REDIRECTED with a redirectIncidentId), classification n%3 (none,
 * TRUE_POSITIVE, FALSE_POSITIVE) with determination (none, MALWARE, CLEAN), assignedTo n%6 ("Tier1@mssp.example",
 * "Automation", blank, then nobody), custom tag `ransomware` when n is odd, system tag `Defender Experts` when n%3==0,
 * service sources n%4 (unknown, endpoint, identity + endpoint, Office 365), description when n%7==0.
 * Created and last updated at minute `n` unless overridden.
 */
export function makeIncident(id: string, n: number, over: Partial<SecurityIncident> = {}): SecurityIncident {
  const t = at(n);
  // n may be negative (an incident sorting before everything): facets by a non-negative remainder
  const mod = (k: number) => ((n % k) + k) % k;
  const status = STATUSES[mod(5)];
  const classification = ([null, "TRUE_POSITIVE", "FALSE_POSITIVE"] as const)[mod(3)];
  const determination = ([null, "MALWARE", "CLEAN"] as const)[mod(3)];
  return {
    source: "graph",
    id,
    tenantId: null,
    displayName: `Incident ${id}: ${mod(2) ? "Ransomware" : "Phishing"} campaign`,
    description: mod(7) === 0 ? "Lateral movement over SMB" : null,
    incidentWebUrl: `https://security.microsoft.com/incidents/${id}`,
    redirectIncidentId: status === "REDIRECTED" ? `${id}-target` : null,
    status,
    statusRaw: status.toLowerCase(),
    severity: SEVERITIES[mod(4)],
    severityRaw: SEVERITIES[mod(4)].toLowerCase(),
    classification,
    classificationRaw: classification?.toLowerCase() ?? "unknown",
    determination,
    determinationRaw: determination?.toLowerCase() ?? "unknown",
    assignedTo: OWNERS[mod(6)],
    createdDateTime: t,
    lastUpdateDateTime: t,
    customTags: mod(2) ? ["ransomware"] : [],
    systemTags: mod(3) === 0 ? ["Defender Experts"] : [],
    comments: [],
    lastModifiedBy: null,
    priorityScore: mod(100),
    alertIds: [`da-${id}-1`],
    ...(SOURCES[mod(4)] ? { serviceSources: SOURCES[mod(4)] } : {}),
    ...over,
  };
}

/** The incident `minutes` later, with changes. */
export const bumpedIncident = (i: SecurityIncident, minutes: number, over: Partial<SecurityIncident> = {}): SecurityIncident => ({
  ...i,
  ...over,
  lastUpdateDateTime: new Date(Date.parse(i.lastUpdateDateTime!) + minutes * 60_000).toISOString(),
});
