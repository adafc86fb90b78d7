import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { ServiceSource } from "../alerts/alert.enums.js";
import { AlertConnection } from "../alerts/alert.type.js";
import { Machine } from "../machines/machine.type.js";
import { Tenant } from "../tenants/tenant.type.js";
import { alertPage, devicesOf, serviceSourcesOf } from "./incident-alerts.js";
import { IncidentAlertsArgs, IncidentListArgs } from "./incident.args.js";
import { UpdateIncidentInput } from "./incident.input.js";
import { Incident, IncidentConnection } from "./incident.type.js";

@Resolver(() => Incident)
export class IncidentResolver {
  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => IncidentConnection, {
    description:
      "The incident queue: incidents across every tenant you may read, from the gateway's index (no upstream cost). " +
      "Incidents merged into another (REDIRECTED) are hidden unless the filter asks for them.",
  })
  incidents(@Args(() => IncidentListArgs) args: IncidentListArgs, @Ctx() ctx: GatewayContext): Promise<IncidentConnection> {
    return ctx.services.incidents.list(ctx.scope, args);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => Incident, {
    nullable: true,
    description: "One incident (redirected ones too); null when it does not exist or you may not read its tenant.",
  })
  incident(
    @Arg("tenantId", () => ID, { description: "Tenant of the incident." }) tenantId: string,
    @Arg("id", () => ID, { description: "Incident id." }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Incident | null> {
    return ctx.services.incidents.get(ctx.scope, tenantId, id, ctx.loaders.incident);
  }

  @Mutation(() => Incident, {
    description:
      "Updates an incident in Microsoft Graph (status, owner, classification, determination, custom tags, comment), then at once in the " +
      "gateway (queries and subscribers see it without waiting for a poll). Needs TIER2_ANALYST.",
  })
  updateIncident(@Arg("input", () => UpdateIncidentInput) input: UpdateIncidentInput, @Ctx() ctx: GatewayContext): Promise<Incident> {
    return ctx.services.incidents.update(ctx.scope, input, ctx.principal);
  }

  @Mutation(() => Incident, {
    description:
      "Adds a comment to an incident, attributed to you (`[<your name> via gateway] <comment>` upstream, split again in `comments`). " +
      "Needs TIER2_ANALYST.",
  })
  addIncidentComment(
    @Arg("tenantId", () => ID, { description: "Tenant of the incident." }) tenantId: string,
    @Arg("id", () => ID, { description: "Incident id." }) id: string,
    @Arg("comment", () => String, { description: "The comment (1 to 1,000 characters)." }) comment: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Incident> {
    return ctx.services.incidents.addComment(ctx.scope, tenantId, id, comment, ctx.principal);
  }

  @Extensions(Cacheable.REGISTRY)
  @FieldResolver(() => Tenant, { description: "The customer tenant of the incident." })
  tenant(@Root() incident: Incident, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.byId(incident.tenantId);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => AlertConnection, {
    description:
      "The incident's alerts, newest `lastUpdateDateTime` first, from the gateway's alert index (no upstream cost; one index read per tenant " +
      "for all incidents of a response). A redirected incident has none: they moved to the incident it was merged into.",
  })
  async alerts(@Root() incident: Incident, @Args(() => IncidentAlertsArgs) args: IncidentAlertsArgs, @Ctx() ctx: GatewayContext) {
    return alertPage(await ctx.services.incidents.alertsOf(ctx.scope, incident, ctx.loaders.incidentAlerts), args);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => Int, { description: "How many alerts the incident has in the gateway's index." })
  alertCount(@Root() incident: Incident, @Ctx() ctx: GatewayContext): Promise<number> | number {
    return ctx.services.incidents.alertCountOf(ctx.scope, incident, ctx.loaders.incidentAlertCounts);
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => [ServiceSource.values], { description: "The products involved: the distinct service sources of its alerts." })
  async serviceSources(@Root() incident: Incident, @Ctx() ctx: GatewayContext): Promise<string[]> {
    return serviceSourcesOf((await ctx.services.incidents.alertsOf(ctx.scope, incident, ctx.loaders.incidentAlerts)).map((i) => i.alert));
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => [Machine], {
    description:
      "The devices involved: the distinct devices of its alerts' device evidence (as the evidence describes them; no upstream call).",
  })
  async devices(@Root() incident: Incident, @Ctx() ctx: GatewayContext): Promise<Machine[]> {
    const alerts = await ctx.services.incidents.alertsOf(ctx.scope, incident, ctx.loaders.incidentAlerts);
    return devicesOf(
      incident.tenantId,
      alerts.map((i) => i.alert),
    );
  }

  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => Incident, {
    nullable: true,
    description: "The incident this one was merged into (status REDIRECTED), from the index; null when not merged or not synced yet.",
  })
  redirectIncident(@Root() incident: Incident, @Ctx() ctx: GatewayContext): Promise<Incident | null> | null {
    if (!incident.redirectIncidentId) return null;
    return ctx.services.incidents.get(ctx.scope, incident.tenantId, incident.redirectIncidentId, ctx.loaders.incident);
  }
}
