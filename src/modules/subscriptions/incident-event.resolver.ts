import { Args, Ctx, Query, Resolver, Root, Subscription } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { badInput } from "../../errors/errors.js";
import type { IncidentEventRecord } from "../../store/incident.types.js";
import { IncidentEventsArgs, IncidentEventsSinceArgs } from "./incident-event.args.js";
import { toIncidentEvent } from "./incident-event.mapper.js";
import { IncidentEvent, IncidentEventConnection } from "./incident-event.type.js";

const TRANSPORTS = "subscriptions run over WebSocket (graphql-transport-ws), Server-Sent Events or multipart HTTP";

@Resolver(() => IncidentEvent)
export class IncidentEventResolver {
  /** Like `alertEvents`: the live engine (src/live) executes this selection once per event and group, the record as root. */
  @Subscription(() => IncidentEvent, {
    description:
      "Live incident changes (CREATED/UPDATED) of every tenant you may read, checked again for each event: a revoked grant stops delivery within seconds. " +
      "With `after`, replays the incident events after that cursor first, then continues live with no gap and no duplicate. " +
      "Same transports and guarantees as `alertEvents`; its cursors are the incident log's own.",
    subscribe: () => {
      throw badInput(TRANSPORTS);
    },
  })
  incidentEvents(
    @Root() record: IncidentEventRecord | undefined,
    @Args(() => IncidentEventsArgs) _args: IncidentEventsArgs,
  ): IncidentEvent {
    if (!record) throw badInput(TRANSPORTS);
    return toIncidentEvent(record);
  }

  @Query(() => IncidentEventConnection, {
    description:
      "Pull feed of incident events for SIEM connectors: the same events, authorization and cursors as `Subscription.incidentEvents`, oldest first. " +
      "Continue from `pageInfo.endCursor` until `hasNextPage` is false, then poll again.",
  })
  incidentEventsSince(
    @Args(() => IncidentEventsSinceArgs) args: IncidentEventsSinceArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<IncidentEventConnection> {
    return ctx.services.incidentEvents.since(ctx.scope, args);
  }
}
