import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { Machine } from "../machines/machine.type.js";
import { Tenant } from "../tenants/tenant.type.js";
import { AlertListArgs } from "./alert.args.js";
import { UpdateAlertInput } from "./alert.input.js";
import { Alert, AlertConnection } from "./alert.type.js";

@Resolver(() => Alert)
export class AlertResolver {
  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => AlertConnection, { description: "Alerts across every tenant you may read, from the gateway's index (no upstream cost)." })
  alerts(@Args(() => AlertListArgs) args: AlertListArgs, @Ctx() ctx: GatewayContext): Promise<AlertConnection> {
    return ctx.services.alerts.list(ctx.scope, args);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => Alert, {
    nullable: true,
    description:
      "One alert; null when it does not exist or you may not read its tenant. An alert newer than the last sync is read from upstream on demand (batched per tenant).",
  })
  alert(
    @Arg("tenantId", () => ID, { description: "Tenant of the alert." }) tenantId: string,
    @Arg("id", () => ID, { description: "Alert id." }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Alert | null> {
    return ctx.services.alerts.get(ctx.scope, tenantId, id, ctx.loaders.alert);
  }

  @Mutation(() => Alert, {
    description: "Updates an alert in Defender (status, owner, classification, determination, comment). Needs TIER2_ANALYST.",
  })
  updateAlert(@Arg("input", () => UpdateAlertInput) input: UpdateAlertInput, @Ctx() ctx: GatewayContext): Promise<Alert> {
    return ctx.services.alerts.update(ctx.scope, input, ctx.principal);
  }

  @Mutation(() => Alert, {
    description:
      "Adds a comment to an alert in Defender, attributed to you (`[<your name> via gateway] <comment>` upstream, split again in `comments`). " +
      "Visible at once, to queries and subscribers. Needs TIER2_ANALYST.",
  })
  addAlertComment(
    @Arg("tenantId", () => ID, { description: "Tenant of the alert." }) tenantId: string,
    @Arg("id", () => ID, { description: "Alert id." }) id: string,
    @Arg("comment", () => String, { description: "The comment (1 to 1,000 characters)." }) comment: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Alert> {
    return ctx.services.alerts.addComment(ctx.scope, tenantId, id, comment, ctx.principal);
  }

  @Extensions(Cacheable.REGISTRY)
  @FieldResolver(() => Tenant, { description: "The customer tenant of the alert." })
  tenant(@Root() alert: Alert, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.byId(alert.tenantId);
  }

  @Extensions(Cacheable.DEVICE_TTL)
  @FieldResolver(() => Machine, {
    nullable: true,
    description:
      "The device of the alert: from its device evidence on Graph tenants (no upstream call); on legacy tenants fetched from the Defender API on demand (batched per tenant, cached). Null with an error naming the tenant when its upstream fails.",
  })
  machine(@Root() alert: Alert, @Ctx() ctx: GatewayContext): Machine | null | Promise<Machine | null> {
    return ctx.services.machines.machineOf(alert, ctx.loaders.machine);
  }
}
