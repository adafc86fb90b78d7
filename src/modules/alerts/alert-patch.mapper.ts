import type { Principal } from "../../auth/principal.js";
import { badInput } from "../../errors/errors.js";
import type { SecurityAlertPatch } from "../../upstream/upstream.types.js";
import { attributeComment } from "./alert-comment.attribution.js";
import { AlertClassification, AlertDetermination } from "./alert.enums.js";

/** Longest comment an analyst may write, characters (after trimming). */
export const COMMENT_MAX = 1_000;
/** Longest owner (`assignedTo`), characters (after trimming). */
export const ASSIGNED_TO_MAX = 256;

/** What alerts and incidents both let an analyst set, as GraphQL inputs carry it (enum values as strings). */
export interface TriageFieldsInput {
  assignedTo?: string | null;
  classification?: string | null;
  determination?: string | null;
  comment?: string | null;
}

export type TriageFields = Pick<SecurityAlertPatch, "classification" | "determination" | "assignedTo" | "comment">;

/**
 * Validates the fields alerts and incidents share; `at` is the input path named in `extensions.field` (e.g.
 * `input.patch`). The comment goes upstream with the analyst's name in it (`attributeComment`), because upstream
 * records the gateway's app as its writer. Throws BAD_USER_INPUT.
 */
export function toTriageFields(input: TriageFieldsInput, author: Principal | undefined, at: string): TriageFields {
  const out: TriageFields = {};
  if (input.classification != null) {
    const c = input.classification;
    if (!AlertClassification.isValue(c)) throw badInput(`classification: ${c} cannot be set`, `${at}.classification`);
    out.classification = c;
  }
  if (input.determination != null) {
    const d = input.determination;
    if (!AlertDetermination.isValue(d) || d === "APT" || d === "SECURITY_PERSONNEL")
      throw badInput(`determination: ${d} cannot be set (deprecated or unknown)`, `${at}.determination`);
    out.determination = d;
  }
  if (input.assignedTo != null) {
    const a = input.assignedTo.trim();
    if (a.length === 0 || a.length > ASSIGNED_TO_MAX)
      throw badInput(`assignedTo: expected 1 to ${ASSIGNED_TO_MAX} characters`, `${at}.assignedTo`);
    out.assignedTo = a;
  }
  if (input.comment != null) {
    const c = input.comment.trim();
    if (c.length === 0 || c.length > COMMENT_MAX) throw badInput(`comment: expected 1 to ${COMMENT_MAX} characters`, `${at}.comment`);
    out.comment = author ? attributeComment(c, author) : c;
  }
  return out;
}

/**
 * An alert change as the upstream source takes it, from `UpdateAlertInput` or a bulk patch. Throws BAD_USER_INPUT for
 * a value that cannot be set (status UNKNOWN, a deprecated determination, an empty or over-long text) and for a patch
 * that changes nothing.
 */
export function toAlertPatch(
  input: TriageFieldsInput & { status?: string | null },
  author: Principal | undefined,
  at = "input",
): SecurityAlertPatch {
  const patch: SecurityAlertPatch = {};
  if (input.status != null) {
    const s = input.status;
    if (s !== "NEW" && s !== "IN_PROGRESS" && s !== "RESOLVED")
      throw badInput(`status: expected NEW, IN_PROGRESS or RESOLVED, but got ${s}`, `${at}.status`);
    patch.status = s;
  }
  Object.assign(patch, toTriageFields(input, author, at));
  if (Object.keys(patch).length === 0)
    throw badInput("nothing to update: give at least one of status, assignedTo, classification, determination, comment", at);
  return patch;
}
