import type { SecurityComment } from "../../upstream/upstream.types.js";
import { readComment } from "../alerts/alert-comment.attribution.js";
import type { AlertComment } from "../alerts/alert.type.js";

/** An upstream ISO time as a `DateTime` value; null when absent or unparsable (never an Invalid Date). */
export const isoDate = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** An upstream comment (alert or incident) as GraphQL `AlertComment`, with the gateway's analyst attribution read back. */
export const toGraphQLComment = (c: SecurityComment): AlertComment => {
  const createdBy = c.createdByDisplayName ?? "";
  return { ...readComment(c.comment, createdBy), createdBy, createdTime: isoDate(c.createdDateTime) };
};
