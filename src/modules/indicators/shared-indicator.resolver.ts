import { Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { AlertConnection } from "../alerts/alert.type.js";
import { Tenant } from "../tenants/tenant.type.js";
import { SharedIndicatorAlertsArgs, SharedIndicatorListArgs } from "./shared-indicator.args.js";
import { toAlertFilterInput } from "./shared-indicator.mapper.js";
import { SharedIndicator, SharedIndicatorConnection, SharedIndicatorTenant } from "./shared-indicator.type.js";

@Resolver(() => SharedIndicator)
export class SharedIndicatorResolver {
  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => SharedIndicatorConnection, {
    description:
      "Indicators (file SHA-256, IP address, domain or URL, detector) in the evidence of alerts of at least two of your tenants, latest seen first. Kept current as alerts arrive (no upstream cost, no scan of alerts). Only tenants you may read alerts of count and appear: an indicator two customers share is not shared for a caller who reads one of them.",
  })
  sharedIndicators(
    @Args(() => SharedIndicatorListArgs) args: SharedIndicatorListArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<SharedIndicatorConnection> {
    return ctx.services.sharedIndicators.list(ctx.scope, args);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => AlertConnection, {
    description: "The alerts behind the indicator in its `tenants` (the `alerts` list with `alertFilter`), newest update first.",
  })
  alerts(
    @Root() indicator: SharedIndicator,
    @Args(() => SharedIndicatorAlertsArgs) args: SharedIndicatorAlertsArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertConnection> {
    return ctx.services.alerts.list(ctx.scope, { filter: toAlertFilterInput(indicator.alertFilter), first: args.first, after: args.after });
  }
}

@Resolver(() => SharedIndicatorTenant)
export class SharedIndicatorTenantResolver {
  @Extensions(Cacheable.REGISTRY)
  @FieldResolver(() => Tenant, { description: "The customer tenant." })
  tenant(@Root() row: SharedIndicatorTenant, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.byId(row.tenantId);
  }
}
