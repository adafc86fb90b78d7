import { registerEnumType } from "type-graphql";
import { enumObject, SUBJECT_DESCRIPTIONS, SUBJECT_KINDS, type SubjectKind } from "../../auth/access.vocabulary.js";

/** Lifecycle of an access grant (values equal the stored ones). */
export enum AccessGrantStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  DENIED = "DENIED",
  REVOKED = "REVOKED",
  EXPIRED = "EXPIRED",
}
registerEnumType(AccessGrantStatus, {
  name: "AccessGrantStatus",
  description: "Where an access grant is in its lifecycle. Only APPROVED grants authorize.",
  valuesConfig: {
    PENDING: { description: "Requested, waiting for an approver of the tenant (or a gateway admin)." },
    APPROVED: { description: "Approved and not yet expired: the subject holds the role on the tenant." },
    DENIED: { description: "An approver turned the request down." },
    REVOKED: { description: "Withdrawn by its owner, or taken away by an approver or admin." },
    EXPIRED: { description: "Reached `expiresAt`; a new request is needed (like an access package's automatic expiry)." },
  },
});

/** Who an access grant applies to: the GraphQL face of the auth vocabulary. */
export const AccessSubjectKind = enumObject(SUBJECT_KINDS);
export type AccessSubjectKind = SubjectKind;
registerEnumType(AccessSubjectKind, {
  name: "AccessSubjectKind",
  description: "Kind of identity an access grant applies to.",
  valuesConfig: Object.fromEntries(SUBJECT_KINDS.map((k) => [k, { description: SUBJECT_DESCRIPTIONS[k] }])),
});

/** Where an access grant comes from. */
export enum AccessGrantOrigin {
  REQUEST = "REQUEST",
  CONFIG = "CONFIG",
}
registerEnumType(AccessGrantOrigin, {
  name: "AccessGrantOrigin",
  description: "Where an access grant comes from.",
  valuesConfig: {
    REQUEST: { description: "Requested and decided through this API." },
    CONFIG: {
      description: "Seeded by the gateway configuration (bootstrap): always active, never expires, changed only in the configuration.",
    },
  },
});
