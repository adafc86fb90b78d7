import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { AccessGrant, AccessGrantPolicy } from "./access-grant.type.js";

/** The access-grant fields of `Tenant` (kept with their module rather than in tenants/). */
@Resolver(() => Tenant)
export class TenantAccessResolver {
  @FieldResolver(() => [AccessGrant], {
    description: "Access grants of this tenant that you may see (all of them for its approvers and gateway admins).",
  })
  async accessGrants(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<AccessGrant[]> {
    return ctx.services.accessGrants.list(ctx.scope, { tenantId: tenant.id });
  }

  @FieldResolver(() => AccessGrantPolicy, { description: "How long this tenant's grants last after approval." })
  accessGrantPolicy(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<AccessGrantPolicy> {
    return ctx.services.accessGrants.policy(tenant.id);
  }
}
