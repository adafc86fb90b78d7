import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { GatewayContext } from "../../context.js";
import { Alert } from "../alerts/alert.type.js";
import { Incident } from "./incident.type.js";

/** `Alert.incident`: kept with incidents so that the alerts module does not depend on them. */
@Resolver(() => Alert)
export class AlertIncidentResolver {
  @Extensions(Cacheable.EVENT_LOG)
  @FieldResolver(() => Incident, {
    nullable: true,
    description:
      "The incident the alert belongs to, from the gateway's index (batched; no upstream call). Null when it has none or it is not synced yet.",
  })
  incident(@Root() alert: Alert, @Ctx() ctx: GatewayContext): Promise<Incident | null> | null {
    if (alert.incidentId == null) return null;
    return ctx.services.incidents.get(ctx.scope, alert.tenantId, String(alert.incidentId), ctx.loaders.incident);
  }
}
