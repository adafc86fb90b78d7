import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { TenantRole } from "../viewer/tenant-role.enum.js";
import { AccessGrantOrigin, AccessGrantStatus, AccessSubjectKind } from "./access-grant.enums.js";

@ObjectType({ description: "Who did something to an access grant." })
export class AccessActor {
  @Field(() => ID, {
    description: "Entra object id of the user, `app:<appId>` for an application, `config` for seeds, `system` for automatic expiry.",
  })
  id!: string;
  @Field(() => String, { description: "Display name at the time of the action." })
  displayName!: string;
}

@ObjectType({ description: "The identity an access grant applies to." })
export class AccessSubject {
  @Field(() => AccessSubjectKind, { description: "User, group or app." })
  kind!: AccessSubjectKind;
  @Field(() => ID, { description: "Entra object id of the user or group, or the app (client) id." })
  id!: string;
  @Field(() => String, { nullable: true, description: "Display name, when known." })
  displayName?: string | null;
}

@ObjectType({ description: "One status change of an access grant: the audit trail entry." })
export class AccessGrantTransition {
  @Field(() => DateTimeISOResolver, { description: "When it happened (for expiry: the expiry time)." })
  at!: Date;
  @Field(() => AccessActor, { description: "Who made the change." })
  by!: AccessActor;
  @Field(() => AccessGrantStatus, { nullable: true, description: "Status before; null for the request itself." })
  from?: AccessGrantStatus | null;
  @Field(() => AccessGrantStatus, { description: "Status after." })
  to!: AccessGrantStatus;
  @Field(() => String, { nullable: true, description: "Why: the justification of a request, the reason of a denial or revocation." })
  reason?: string | null;
}

@ObjectType({ description: "A role on one customer tenant for a user, group or app: requested, decided by an approver, expiring." })
export class AccessGrant {
  @Field(() => ID, { description: "Grant id (`seed-…` for grants from the configuration)." })
  id!: string;
  @Field(() => ID, { description: "Tenant the role applies to." })
  tenantId!: string;
  @Field(() => AccessSubject, { description: "Who receives the role." })
  subject!: AccessSubject;
  @Field(() => TenantRole, { description: "The role on the tenant." })
  role!: TenantRole;
  @Field(() => AccessGrantStatus, { description: "Current status; EXPIRED as soon as `expiresAt` passes." })
  status!: AccessGrantStatus;
  @Field(() => Boolean, { description: "True when the grant authorizes right now (APPROVED and not expired)." })
  active!: boolean;
  @Field(() => AccessGrantOrigin, { description: "Requested through the API, or seeded by configuration." })
  origin!: AccessGrantOrigin;
  @Field(() => String, { description: "Why access is needed, as given by the requester." })
  justification!: string;
  @Field(() => AccessActor, { description: "Who made the request (`config` for seeds)." })
  requestedBy!: AccessActor;
  @Field(() => DateTimeISOResolver, { description: "When the request was made (for seeds: when the answering replica started)." })
  requestedAt!: Date;
  @Field(() => AccessActor, { nullable: true, description: "Who approved or denied it; null while pending." })
  decidedBy?: AccessActor | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was approved or denied." })
  decidedAt?: Date | null;
  @Field(() => String, { nullable: true, description: "Reason given with the decision (denials)." })
  decisionReason?: string | null;
  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: "When an approved grant expires (approval time + the tenant's policy); null before approval and for seeds.",
  })
  expiresAt?: Date | null;
  @Field(() => [AccessGrantTransition], { description: "Every status change, oldest first: who, when, why, from → to." })
  history!: AccessGrantTransition[];
}

@ObjectType({ description: "How access grants of one tenant behave (like an access package's policy)." })
export class AccessGrantPolicy {
  @Field(() => ID, { description: "Tenant id." })
  tenantId!: string;
  @Field(() => Int, { description: "Lifetime of a grant after approval, in seconds (default `GRANT_DEFAULT_TTL_DAYS`, 365 days)." })
  grantTtlSeconds!: number;
  @Field(() => Boolean, { description: "True when the tenant has no policy of its own and the gateway default applies." })
  isDefault!: boolean;
}
