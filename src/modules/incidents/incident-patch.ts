import type { Principal } from "../../auth/principal.js";
import { badInput } from "../../errors/errors.js";
import type { SecurityIncidentPatch } from "../../upstream/upstream.types.js";
import { attributeComment } from "../alerts/alert-comment.attribution.js";
import { AlertClassification, AlertDetermination } from "../alerts/alert.enums.js";

/** Longest comment the gateway sends upstream, characters (before attribution). */
export const COMMENT_MAX = 1_000;
const TAGS_MAX = 50;
const TAG_MAX_LENGTH = 128;
const SETTABLE_STATUSES = ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION", "RESOLVED"] as const;

/** What an analyst asks to change on an incident (`UpdateIncidentInput` without its key; bulk triage's patch alike). */
export interface IncidentChangeRequest {
  status?: string | null;
  assignedTo?: string | null;
  classification?: string | null;
  determination?: string | null;
  customTags?: readonly string[] | null;
  comment?: string | null;
}

/** The validated change: the upstream patch, and the comment to add (attributed to the analyst) when one was given. */
export interface IncidentChange {
  patch: SecurityIncidentPatch;
  comment: string | null;
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

/**
 * Validates an incident change (BAD_USER_INPUT naming the field, under `prefix`): statuses an analyst may set, classifications
 * and determinations that are not deprecated or unknown, an owner of 1 to 256 characters, at most 50 distinct tags of 1 to 128
 * characters, a comment of 1 to 1,000. Throws when nothing would change.
 */
export function toIncidentChange(input: IncidentChangeRequest, author: Principal | undefined, prefix = "input"): IncidentChange {
  const patch: SecurityIncidentPatch = {};
  if (input.status != null) {
    const s = SETTABLE_STATUSES.find((v) => v === input.status);
    if (!s) throw badInput(`status: expected ${SETTABLE_STATUSES.join(", ")}, but got ${input.status}`, `${prefix}.status`);
    patch.status = s;
  }
  if (input.classification != null) {
    const c = input.classification;
    if (!AlertClassification.isValue(c)) throw badInput(`classification: ${c} cannot be set`, `${prefix}.classification`);
    patch.classification = c;
  }
  if (input.determination != null) {
    const d = input.determination;
    if (!AlertDetermination.isValue(d) || d === "APT" || d === "SECURITY_PERSONNEL")
      throw badInput(`determination: ${d} cannot be set (deprecated or unknown)`, `${prefix}.determination`);
    patch.determination = d;
  }
  if (input.assignedTo != null) {
    const a = input.assignedTo.trim();
    if (a.length === 0 || a.length > 256) throw badInput("assignedTo: expected 1 to 256 characters", `${prefix}.assignedTo`);
    patch.assignedTo = a;
  }
  if (input.customTags != null) {
    const tags = [...new Set(input.customTags.map((t) => t.trim()))];
    if (tags.length > TAGS_MAX || tags.some((t) => t.length === 0 || t.length > TAG_MAX_LENGTH))
      throw badInput(`customTags: expected at most ${TAGS_MAX} tags of 1 to ${TAG_MAX_LENGTH} characters`, `${prefix}.customTags`);
    patch.customTags = tags;
  }
  const comment = input.comment != null ? attributedComment(input.comment, author, `${prefix}.comment`) : null;
  if (Object.keys(patch).length === 0 && comment === null)
    throw badInput("nothing to update: give at least one of status, assignedTo, classification, determination, customTags, comment");
  return { patch, comment };
}
