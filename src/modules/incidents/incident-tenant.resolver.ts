import { Args, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { IncidentListArgs } from "./incident.args.js";
import { IncidentConnection, IncidentCounts } from "./incident.type.js";

/** Open counts by gateway severity → the schema's buckets (everything not named counts as `other`). */
export function toIncidentCounts(counts: Record<string, number>): IncidentCounts {
  const high = counts.HIGH ?? 0;
  const medium = counts.MEDIUM ?? 0;
  const low = counts.LOW ?? 0;
  const informational = counts.INFORMATIONAL ?? 0;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { high, medium, low, informational, other: total - high - medium - low - informational, total };
}

/** The incident fields of `Tenant`: kept with incidents so that the tenants module does not depend on them. */
@Resolver(() => Tenant)
export class IncidentTenantResolver {
  @FieldResolver(() => IncidentCounts, {
    nullable: true,
    description: "Open incidents by severity (neither resolved nor redirected); null when you may not read this tenant's alerts.",
  })
  async incidentCounts(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<IncidentCounts | null> {
    const counts = await ctx.services.incidents.openCounts(ctx.scope, tenant.id);
    return counts ? toIncidentCounts(counts) : null;
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => IncidentConnection, { description: "This tenant's incidents (empty when you may not read them)." })
  incidents(
    @Root() tenant: Tenant,
    @Args(() => IncidentListArgs) args: IncidentListArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<IncidentConnection> {
    return ctx.services.incidents.list(ctx.scope, args, tenant.id);
  }
}
