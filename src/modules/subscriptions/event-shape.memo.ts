import type { ChangeRecord } from "../../store/change-log.types.js";
import { rememberRecent } from "../../upstream/recent-values.memo.js";

/**
 * A live event is rendered once per group (principal, document, filter) and a burst of them for every group at once:
 * its GraphQL shape, which depends on the record alone, is built once per record instead of once per group
 * (`rememberRecent`, the most recent `max` records: the embedded event log keeps records for their whole retention,
 * and their mapped shapes must not live that long). The shapes are shared: resolvers only read them.
 */
export const oncePerRecord = <R extends object, T>(map: (record: R) => T, max = 1_024): ((record: R) => T) => rememberRecent(map, max);

/** The fields every live event has, from its log record (`kind` in the event type's enum). */
export const eventFields = <K>(record: ChangeRecord, kinds: { CREATED: K; UPDATED: K }) => ({
  cursor: record.cursor,
  kind: record.kind === "CREATED" ? kinds.CREATED : kinds.UPDATED,
  tenantId: record.tenantId,
  recordedAt: new Date(record.at),
});
