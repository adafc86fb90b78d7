import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { AlertListArgs } from "../alerts/alert.args.js";
import { AlertConnection } from "../alerts/alert.type.js";
import { AlertCounts, Tenant, TenantSync } from "./tenant.type.js";

@Resolver(() => Tenant)
export class TenantResolver {
  @Query(() => [Tenant], { description: "Tenants you hold a role on (all tenants for gateway admins)." })
  tenants(@Ctx() ctx: GatewayContext): Tenant[] {
    return ctx.services.tenants.list(ctx.scope);
  }

  @Query(() => Tenant, { nullable: true, description: "One tenant; null when it does not exist or you hold no role on it." })
  tenant(@Arg("id", () => ID, { description: "Entra tenant id." }) id: string, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.get(ctx.scope, id);
  }

  @FieldResolver(() => TenantSync, { description: "Freshness of the gateway's copy of this tenant's alerts." })
  sync(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<TenantSync> {
    return ctx.services.tenants.sync(tenant.id);
  }

  @FieldResolver(() => AlertCounts, {
    nullable: true,
    description: "Open alerts by severity; null when you may not read this tenant's alerts.",
  })
  async alertCounts(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<AlertCounts | null> {
    const counts = await ctx.services.alerts.openCounts(ctx.scope, tenant.id);
    if (!counts) return null;
    const high = counts.HIGH ?? 0;
    const medium = counts.MEDIUM ?? 0;
    const low = counts.LOW ?? 0;
    const informational = counts.INFORMATIONAL ?? 0;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return { high, medium, low, informational, other: total - high - medium - low - informational, total };
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => AlertConnection, { description: "This tenant's alerts (empty when you may not read them)." })
  alerts(@Root() tenant: Tenant, @Args(() => AlertListArgs) args: AlertListArgs, @Ctx() ctx: GatewayContext): Promise<AlertConnection> {
    return ctx.services.alerts.list(ctx.scope, args, tenant.id);
  }
}
