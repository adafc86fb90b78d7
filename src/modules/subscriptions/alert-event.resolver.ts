import { Args, Ctx, Query, Resolver, Root, Subscription } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { badInput } from "../../errors/errors.js";
import type { AlertEventRecord } from "../../store/store.types.js";
import { AlertEventsArgs, AlertEventsSinceArgs } from "./alert-event.args.js";
import { toAlertEvent } from "./alert-event.mapper.js";
import { AlertEvent, AlertEventConnection } from "./alert-event.type.js";

@Resolver(() => AlertEvent)
export class AlertEventResolver {
  /**
   * The root value is an event-log record: the live engine (src/live) executes this selection once per
   * event and group with the record as root. It is the only way subscriptions run: the transports hand
   * every subscription operation to it, so this field's `subscribe` is never the path events take.
   */
  @Subscription(() => AlertEvent, {
    description:
      "Live alert changes (CREATED/UPDATED) of every tenant you may read, checked again for each event: a revoked grant stops delivery within seconds. " +
      "With `after`, replays the events after that cursor first, then continues live with no gap and no duplicate. " +
      "Over WebSocket (graphql-transport-ws, `/graphql`), Server-Sent Events (graphql-sse, `Accept: text/event-stream` on `/graphql` or `/graphql/stream`) " +
      "and multipart HTTP (Apollo Client's `Accept: multipart/mixed;subscriptionSpec=1.0` on `/graphql`).",
    subscribe: () => {
      throw badInput("subscriptions run over WebSocket (graphql-transport-ws), Server-Sent Events or multipart HTTP");
    },
  })
  alertEvents(@Root() record: AlertEventRecord | undefined, @Args(() => AlertEventsArgs) _args: AlertEventsArgs): AlertEvent {
    // Executed without an event (a subscription that reached a plain query handler): refuse clearly.
    if (!record) throw badInput("subscriptions run over WebSocket (graphql-transport-ws), Server-Sent Events or multipart HTTP");
    return toAlertEvent(record);
  }

  @Query(() => AlertEventConnection, {
    description:
      "Pull feed of alert events for SIEM connectors: the same events, authorization and cursors as `Subscription.alertEvents`, oldest first. " +
      "Continue from `pageInfo.endCursor` until `hasNextPage` is false, then poll again.",
  })
  alertEventsSince(
    @Args(() => AlertEventsSinceArgs) args: AlertEventsSinceArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertEventConnection> {
    return ctx.services.alertEvents.since(ctx.scope, args);
  }
}
