import type { Principal } from "../../auth/principal.js";
import { badInput } from "../../errors/errors.js";
import type { SecurityIncidentPatch } from "../../upstream/upstream.types.js";
import { toTriageFields, type TriageFieldsInput } from "../alerts/alert-patch.mapper.js";

/** Most analyst tags one change may set. */
export const CUSTOM_TAGS_MAX = 50;
/** Longest tag, characters (after trimming). */
export const CUSTOM_TAG_MAX_LENGTH = 128;

const SETTABLE_STATUSES = ["ACTIVE", "IN_PROGRESS", "RESOLVED", "AWAITING_ACTION"] as const;
type SettableStatus = (typeof SETTABLE_STATUSES)[number];
const isSettable = (s: string): s is SettableStatus => (SETTABLE_STATUSES as readonly string[]).includes(s);

/**
 * An incident change as the upstream source takes it. Status REDIRECTED is upstream's own (a merge) and UNKNOWN is no
 * status, so neither can be set; tags are trimmed and de-duplicated (`[]` clears them). Throws BAD_USER_INPUT, also
 * for a patch that changes nothing. `at` is the input path named in `extensions.field`.
 */
export function toIncidentPatch(
  input: TriageFieldsInput & { status?: string | null; customTags?: readonly string[] | null },
  author: Principal | undefined,
  at = "input",
): SecurityIncidentPatch {
  const patch: SecurityIncidentPatch = {};
  if (input.status != null) {
    const s = input.status;
    if (!isSettable(s)) throw badInput(`status: expected ${SETTABLE_STATUSES.join(", ")}, but got ${s}`, `${at}.status`);
    patch.status = s;
  }
  Object.assign(patch, toTriageFields(input, author, at));
  if (input.customTags != null) {
    const tags = [...new Set(input.customTags.map((t) => t.trim()))];
    if (tags.some((t) => t.length === 0 || t.length > CUSTOM_TAG_MAX_LENGTH))
      throw badInput(`customTags: expected tags of 1 to ${CUSTOM_TAG_MAX_LENGTH} characters`, `${at}.customTags`);
    if (tags.length > CUSTOM_TAGS_MAX)
      throw badInput(`customTags: expected at most ${CUSTOM_TAGS_MAX} tags, but got ${tags.length}`, `${at}.customTags`);
    patch.customTags = tags;
  }
  if (Object.keys(patch).length === 0)
    throw badInput("nothing to update: give at least one of status, assignedTo, classification, determination, customTags, comment", at);
  return patch;
}
