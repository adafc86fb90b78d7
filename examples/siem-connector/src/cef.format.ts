import type { FeedEvent } from "./feed.types.js";

/**
 * ArcSight Common Event Format (CEF:0) for one alert event. Header fields escape `\` and `|`; extension
 * values escape `\`, `=` and line breaks (`\n`, `\r`), as the CEF specification requires, so titles and
 * descriptions from Defender cannot break the record or forge keys.
 */
export const CEF_VENDOR = "MSSP";
export const CEF_PRODUCT = "Alert Gateway";
export const CEF_VERSION = "1.0";

/** CEF severity 0–10 of a gateway severity. */
const CEF_SEVERITY: Record<string, number> = { INFORMATIONAL: 1, LOW: 3, MEDIUM: 5, HIGH: 8 };

// Header fields may not contain line breaks at all: they become spaces.
export const escapeCefHeader = (v: string): string =>
  v
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r\n|\r|\n/g, " ");

export const escapeCefValue = (v: string): string =>
  v
    .replace(/\\/g, "\\\\")
    .replace(/=/g, "\\=")
    .replace(/\r\n|\n/g, "\\n")
    .replace(/\r/g, "\\r");

const millis = (iso: string | null): string | null => (iso ? String(Date.parse(iso)) : null);

/** The CEF record of an event; `cs3` carries the event cursor, a de-duplication key for the SIEM. */
export function toCef(event: FeedEvent): string {
  const a = event.alert;
  const ext: [string, string | null][] = [
    ["rt", millis(event.recordedAt)],
    ["act", event.kind],
    ["externalId", a.id],
    ["cat", a.category],
    ["msg", a.description],
    ["start", millis(a.firstActivityDateTime)],
    ["end", millis(a.lastActivityDateTime)],
    ["dhost", a.computerDnsName],
    ["deviceExternalId", a.machineId],
    ["duser", a.assignedTo],
    ["request", a.portalUrl],
    ["cs1Label", "tenantId"],
    ["cs1", event.tenantId],
    ["cs2Label", "status"],
    ["cs2", a.status],
    ["cs3Label", "cursor"],
    ["cs3", event.cursor],
    ["cs4Label", "detectionSource"],
    ["cs4", a.detectionSource],
    ["cs5Label", "mitreTechniques"],
    ["cs5", a.mitreTechniques.length ? a.mitreTechniques.join(",") : null],
    ["cs6Label", "classification"],
    ["cs6", [a.classification, a.determination].filter(Boolean).join("/") || null],
    ["cn1Label", "incidentId"],
    ["cn1", a.incidentId === null ? null : String(a.incidentId)],
  ];
  const extension = ext
    .filter((kv): kv is [string, string] => kv[1] !== null && kv[1] !== "")
    .map(([k, v]) => `${k}=${escapeCefValue(v)}`)
    .join(" ");
  const header = [
    "CEF:0",
    CEF_VENDOR,
    CEF_PRODUCT,
    CEF_VERSION,
    a.detectorId ?? a.category ?? "alert",
    a.title,
    String(CEF_SEVERITY[a.severity] ?? 0),
  ].map((h, i) => (i === 0 ? h : escapeCefHeader(h)));
  return `${header.join("|")}|${extension}`;
}
