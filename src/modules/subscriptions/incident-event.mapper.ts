import type { IncidentEventRecord } from "../../store/incident.types.js";
import { toGraphQLIncident } from "../incidents/incident.mapper.js";
import { IncidentEventKind, type IncidentEvent } from "./incident-event.type.js";
import { oncePerRecord } from "./event-shape.memo.js";

/** Incident event-log record → GraphQL `IncidentEvent`; the incident is the snapshot stored with the event. One shape per record (shared). */
export const toIncidentEvent = oncePerRecord((record: IncidentEventRecord): IncidentEvent => ({
  cursor: record.cursor,
  kind: record.kind === "CREATED" ? IncidentEventKind.CREATED : IncidentEventKind.UPDATED,
  tenantId: record.tenantId,
  recordedAt: new Date(record.at),
  incident: toGraphQLIncident(record.tenantId, record.incident, record.at),
}));
