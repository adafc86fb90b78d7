import type { Principal } from "../../auth/principal.js";
import { badInput } from "../../errors/errors.js";
import type { SecurityIncidentPatch } from "../../upstream/upstream.types.js";
import { attributeComment } from "../alerts/alert-comment.attribution.js";
import { COMMENT_MAX } from "../alerts/alert-patch.mapper.js";
import { toIncidentPatch } from "../triage/incident-patch.mapper.js";

/** What an analyst asks to change on an incident (`UpdateIncidentInput` without its key). */
export type IncidentChangeRequest = Parameters<typeof toIncidentPatch>[0];

/** The validated change: the fields Graph's PATCH takes, and the comment (attributed) Graph takes as its own call. */
export interface IncidentChange {
  patch: Omit<SecurityIncidentPatch, "comment">;
  comment: string | null;
}

/**
 * Validates an incident change exactly as bulk triage does (`toIncidentPatch`: BAD_USER_INPUT naming the field under
 * `at`, and when nothing would change), split into the PATCH and the comment.
 */
export function toIncidentChange(input: IncidentChangeRequest, author: Principal | undefined, at = "input"): IncidentChange {
  const { comment, ...patch } = toIncidentPatch(input, author, at);
  return { patch, comment: comment ?? null };
}

/**
 * A comment as the gateway sends it upstream: trimmed, 1 to 1,000 characters, prefixed with the analyst's name
 * (upstream records only the gateway's app as author). BAD_USER_INPUT naming `field` otherwise.
 */
export function attributedComment(text: string, author: Principal | undefined, field = "comment"): string {
  const c = text.trim();
  if (c.length === 0 || c.length > COMMENT_MAX) throw badInput(`comment: expected 1 to ${COMMENT_MAX} characters`, field);
  return author ? attributeComment(c, author) : c;
}
