import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Alert } from "../alerts/alert.type.js";
import { PageInfo } from "../common/page-info.type.js";

export enum AlertEventKind {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
}
registerEnumType(AlertEventKind, {
  name: "AlertEventKind",
  description: "What happened to the alert.",
  valuesConfig: {
    CREATED: { description: "The gateway saw the alert for the first time." },
    UPDATED: { description: "The alert changed upstream or through `updateAlert` (newer `lastUpdateTime`)." },
  },
});

@ObjectType({
  description:
    "One change of one alert, as recorded in the gateway's event log. The same events, in the same order and with the same cursors, " +
    "are served by `Subscription.alertEvents` (WebSocket and SSE) and the `Query.alertEventsSince` pull feed.",
})
export class AlertEvent {
  @Field(() => String, {
    description:
      "Position of this event in the log. Pass it as `after` (subscription or pull feed) to resume right after this event, with no gap and no repeat.",
  })
  cursor!: string;
  @Field(() => AlertEventKind, { description: "CREATED or UPDATED." })
  kind!: AlertEventKind;
  @Field(() => ID, { description: "Customer tenant of the alert." })
  tenantId!: string;
  @Field(() => DateTimeISOResolver, { description: "When the gateway recorded the change (UTC)." })
  recordedAt!: Date;
  @Field(() => Alert, { description: "The alert as it was right after this change." })
  alert!: Alert;
}

@ObjectType({ description: "An event with its cursor." })
export class AlertEventEdge {
  @Field(() => String, { description: "Cursor of this event (same as `node.cursor`)." })
  cursor!: string;
  @Field(() => AlertEvent, { description: "The event." })
  node!: AlertEvent;
}

@ObjectType({
  description:
    "A page of the alert event feed, oldest first. `pageInfo.endCursor` may lie past the last edge when later events were filtered " +
    "out or belong to tenants you cannot read: always continue from `endCursor`. It has no `totalCount`: counting would scan the whole log.",
})
export class AlertEventConnection {
  @Field(() => [AlertEventEdge], { description: "The events of this page, in log order." })
  edges!: AlertEventEdge[];
  @Field(() => PageInfo, { description: "Paging state: `endCursor` is where the next page (or a subscription) continues." })
  pageInfo!: PageInfo;
}
