import type { AlertEventRecord } from "../../store/store.types.js";
import { toGraphQLAlert } from "../alerts/alert.mapper.js";
import { AlertEventKind, type AlertEvent } from "./alert-event.type.js";
import { eventFields, oncePerRecord } from "./event-shape.memo.js";

/** Event-log record → GraphQL `AlertEvent`; the alert is the snapshot stored with the event. One shape per record (shared). */
export const toAlertEvent = oncePerRecord((record: AlertEventRecord): AlertEvent => ({
  ...eventFields(record, AlertEventKind),
  alert: toGraphQLAlert(record.tenantId, record.alert, record.at),
}));
