import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { UpdateAlertsInput, UpdateIncidentsInput } from "./triage.input.js";
import { UpdateAlertsResult, UpdateIncidentsResult } from "./triage.type.js";

@Resolver()
export class TriageResolver {
  @Mutation(() => UpdateAlertsResult, {
    description:
      "Changes up to 500 alerts across tenants at once (status, owner, classification, determination, comment). Needs TIER2_ANALYST on each item's tenant; every item is reported as succeeded or failed (with a code), never dropped. Sent upstream in batches per tenant, all tenants in parallel; a throttled tenant's items fail at once with UPSTREAM_THROTTLED. Safe to retry.",
  })
  updateAlerts(@Arg("input", () => UpdateAlertsInput) input: UpdateAlertsInput, @Ctx() ctx: GatewayContext): Promise<UpdateAlertsResult> {
    return ctx.services.triage.updateAlerts(ctx.scope, input, ctx.principal);
  }

  @Mutation(() => UpdateIncidentsResult, {
    description:
      "Changes up to 500 incidents across tenants at once (status, owner, classification, determination, tags, comment); otherwise like `updateAlerts`. Incidents exist on Graph tenants only.",
  })
  updateIncidents(
    @Arg("input", () => UpdateIncidentsInput) input: UpdateIncidentsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpdateIncidentsResult> {
    return ctx.services.triage.updateIncidents(ctx.scope, input, ctx.principal);
  }
}
