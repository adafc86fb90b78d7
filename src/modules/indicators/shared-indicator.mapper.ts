import type { SharedIndicatorRecord } from "../../store/indicator.types.js";
import type { AlertFilter } from "../alerts/alert.input.js";
import type {
  SharedIndicator,
  SharedIndicatorAlertFilter,
  SharedIndicatorEvidence,
  SharedIndicatorSeverityCount,
} from "./shared-indicator.type.js";

const severities = (s: Record<string, number>): SharedIndicatorSeverityCount[] =>
  Object.entries(s).map(([severity, alertCount]) => ({ severity, alertCount }));

/** The `EvidenceFilter` field that finds a token of each kind (its value spelled as the filter reads it back). */
function evidenceOf(r: Pick<SharedIndicatorRecord, "kind" | "value">): SharedIndicatorEvidence | null {
  switch (r.kind) {
    case "FILE_SHA256":
      return { sha256: r.value };
    case "IP_ADDRESS":
      return { ipAddress: r.value };
    case "URL":
      return { url: r.value };
    case "DOMAIN":
      return { domain: r.value };
    case "DETECTOR":
      return null;
    default: {
      const never: never = r.kind;
      throw new Error(`unknown shared-indicator kind ${String(never)}`);
    }
  }
}

/** The alert filter that lists the alerts behind a shared indicator in the tenants shown. */
export function alertFilterOf(r: SharedIndicatorRecord): SharedIndicatorAlertFilter {
  return {
    tenantIds: r.tenants.map((t) => t.tenantId),
    evidence: evidenceOf(r),
    detectorIds: r.kind === "DETECTOR" ? [r.value] : null,
  };
}

/** The same filter as the `AlertFilter` input the alert list takes. */
export const toAlertFilterInput = (f: SharedIndicatorAlertFilter): AlertFilter => ({
  tenantIds: f.tenantIds,
  evidence: f.evidence ?? null,
  detectorIds: f.detectorIds ?? null,
});

/** Store record → GraphQL `SharedIndicator`. */
export function toSharedIndicator(r: SharedIndicatorRecord): SharedIndicator {
  return {
    id: r.token,
    kind: r.kind,
    value: r.value,
    tenantCount: r.tenants.length,
    tenants: r.tenants.map((t) => ({
      tenantId: t.tenantId,
      firstSeen: new Date(t.firstSeen),
      lastSeen: new Date(t.lastSeen),
      alertCount: t.alertCount,
      severities: severities(t.severities),
    })),
    firstSeen: new Date(r.firstSeen),
    lastSeen: new Date(r.lastSeen),
    alertCount: r.alertCount,
    severities: severities(r.severities),
    alertFilter: alertFilterOf(r),
  };
}
