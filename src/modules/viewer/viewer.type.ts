import { Field, ID, ObjectType } from "type-graphql";
import { Tenant } from "../tenants/tenant.type.js";
import { TenantRole } from "./tenant-role.enum.js";

@ObjectType({ description: "The caller's roles on one tenant (from active access grants)." })
export class TenantRoles {
  @Field(() => ID, { description: "Tenant id." })
  tenantId!: string;
  @Field(() => Tenant, { nullable: true, description: "The tenant (null if it left the registry)." })
  tenant?: Tenant | null;
  @Field(() => [TenantRole], { description: "Roles held on the tenant." })
  roles!: TenantRole[];
}

@ObjectType({ description: "Who the caller is, as the gateway sees it." })
export class Viewer {
  @Field(() => ID, { description: "Entra object id of the user, or `app:<appId>` for an application." })
  id!: string;
  @Field(() => String, { description: "Display name." })
  displayName!: string;
  @Field(() => String, { nullable: true, description: "User principal name." })
  username?: string | null;
  @Field(() => String, { nullable: true, description: "Client application id of the token." })
  appId?: string | null;
  @Field(() => [String], { description: "Entra group ids in the token." })
  groups!: string[];
  @Field(() => [String], { description: "App roles in the token." })
  appRoles!: string[];
  @Field(() => Boolean, { description: "Holds the gateway-wide `Gateway.Admin` app role." })
  isAdmin!: boolean;
  @Field(() => [TenantRoles], { description: "Roles per tenant from active access grants." })
  tenantRoles!: TenantRoles[];
}
