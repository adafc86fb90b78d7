import { Field, ID, InputType, Int } from "type-graphql";
import { TenantRole } from "../viewer/tenant-role.enum.js";
import { AccessSubjectKind } from "./access-grant.enums.js";

@InputType({ description: "The identity to request access for (gateway admins only; omit it to request for yourself)." })
export class AccessSubjectInput {
  @Field(() => AccessSubjectKind, { description: "User, group or app." })
  kind!: AccessSubjectKind;
  @Field(() => ID, { description: "Entra object id of the user or group, or the app (client) id." })
  id!: string;
  @Field(() => String, { nullable: true, description: "Display name to show in lists and audit trails." })
  displayName?: string | null;
}

@InputType({ description: "A request for a role on one tenant; it stays PENDING until an approver decides it." })
export class RequestAccessInput {
  @Field(() => ID, { description: "Entra tenant id of the customer." })
  tenantId!: string;
  @Field(() => TenantRole, { description: "Role wanted on the tenant." })
  role!: TenantRole;
  @Field(() => String, { description: "Why access is needed (1–1000 characters); shown to approvers and kept in the audit trail." })
  justification!: string;
  @Field(() => AccessSubjectInput, {
    nullable: true,
    description: "Who gets the role; default the caller. Only gateway admins may name another user, a group or an app.",
  })
  subject?: AccessSubjectInput | null;
}

@InputType({ description: "A tenant's access grant policy." })
export class AccessGrantPolicyInput {
  @Field(() => ID, { description: "Entra tenant id." })
  tenantId!: string;
  @Field(() => Int, {
    nullable: true,
    description: "Lifetime of grants approved from now on, in seconds (1 s to 10 years); null resets to the gateway default.",
  })
  grantTtlSeconds?: number | null;
}
