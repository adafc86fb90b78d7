import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../common/page-info.type.js";
import { Incident } from "../incidents/incident.type.js";

export enum IncidentEventKind {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
}
registerEnumType(IncidentEventKind, {
  name: "IncidentEventKind",
  description: "What happened to the incident.",
  valuesConfig: {
    CREATED: { description: "The gateway saw the incident for the first time." },
    UPDATED: {
      description:
        "The incident changed upstream or through `updateIncident`/`addIncidentComment` (newer `lastUpdateDateTime`), merges included.",
    },
  },
});

@ObjectType({
  description:
    "One change of one incident, as recorded in the gateway's incident event log (its own log: incident cursors and alert cursors are " +
    "separate sequences). The same events, in the same order and with the same cursors, are served by `Subscription.incidentEvents` " +
    "(WebSocket and SSE) and the `Query.incidentEventsSince` pull feed.",
})
export class IncidentEvent {
  @Field(() => String, {
    description:
      "Position of this event in the incident log. Pass it as `after` (subscription or pull feed) to resume right after this event, with no gap and no repeat.",
  })
  cursor!: string;
  @Field(() => IncidentEventKind, { description: "CREATED or UPDATED." })
  kind!: IncidentEventKind;
  @Field(() => ID, { description: "Customer tenant of the incident." })
  tenantId!: string;
  @Field(() => DateTimeISOResolver, { description: "When the gateway recorded the change (UTC)." })
  recordedAt!: Date;
  @Field(() => Incident, {
    description: "The incident as it was right after this change (its `alerts` and counts are read from the index now).",
  })
  incident!: Incident;
}

@ObjectType({ description: "An incident event with its cursor." })
export class IncidentEventEdge {
  @Field(() => String, { description: "Cursor of this event (same as `node.cursor`)." })
  cursor!: string;
  @Field(() => IncidentEvent, { description: "The event." })
  node!: IncidentEvent;
}

@ObjectType({
  description:
    "A page of the incident event feed, oldest first. `pageInfo.endCursor` may lie past the last edge when later events were filtered " +
    "out or belong to tenants you cannot read: always continue from `endCursor`. It has no `totalCount`: counting would scan the whole log.",
})
export class IncidentEventConnection {
  @Field(() => [IncidentEventEdge], { description: "The events of this page, in log order." })
  edges!: IncidentEventEdge[];
  @Field(() => PageInfo, { description: "Paging state: `endCursor` is where the next page (or a subscription) continues." })
  pageInfo!: PageInfo;
}
