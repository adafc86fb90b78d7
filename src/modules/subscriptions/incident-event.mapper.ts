import type { IncidentEventRecord } from "../../store/incident.types.js";
import { toGraphQLIncident } from "../incidents/incident.mapper.js";
import { IncidentEventKind, type IncidentEvent } from "./incident-event.type.js";
import { eventFields, oncePerRecord } from "./event-shape.memo.js";

/** Incident event-log record → GraphQL `IncidentEvent`; the incident is the snapshot stored with the event. One shape per record (shared). */
export const toIncidentEvent = oncePerRecord((record: IncidentEventRecord): IncidentEvent => ({
  ...eventFields(record, IncidentEventKind),
  incident: toGraphQLIncident(record.tenantId, record.incident, record.at),
}));
