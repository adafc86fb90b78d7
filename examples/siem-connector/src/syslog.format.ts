import { hostname } from "node:os";
import type { FeedEvent } from "./feed.types.js";

/** RFC 5424 severities (the PRI's low three bits) for the gateway's alert severities. */
const SYSLOG_SEVERITY: Record<string, number> = { HIGH: 2, MEDIUM: 4, LOW: 5, INFORMATIONAL: 6 };

// RFC 5424 §6.2.4: HOSTNAME is 1–255 printable US-ASCII characters, else the nil value.
const HOST = /^[\x21-\x7e]{1,255}$/.test(hostname()) ? hostname() : "-";

/** Escapes a structured-data PARAM-VALUE (RFC 5424 §6.3.3: `"`, `\` and `]`). */
export const escapeSdValue = (v: string): string => v.replace(/[\\"\]]/g, (c) => `\\${c}`);

/**
 * One RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`, with the event's
 * recording time as TIMESTAMP, the event kind as MSGID and the cursor and tenant as structured data
 * (enterprise number 32473, the one RFC 5612 reserves for documentation: use your own in production).
 */
export function toSyslog(event: FeedEvent, message: string, opts: { facility: number; appName: string }): string {
  const pri = opts.facility * 8 + (SYSLOG_SEVERITY[event.alert.severity] ?? 5);
  const sd = `[gateway@32473 cursor="${escapeSdValue(event.cursor)}" tenantId="${escapeSdValue(event.tenantId)}" alertId="${escapeSdValue(event.alert.id)}"]`;
  return `<${pri}>1 ${new Date(event.recordedAt).toISOString()} ${HOST} ${opts.appName} ${process.pid} ${event.kind} ${sd} ${message}`;
}

/** RFC 6587 §3.4.1 octet-counting frame: the message's length in bytes, a space, the message. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}
