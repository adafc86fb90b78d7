import { ArgsType, Field, Int } from "type-graphql";
import { IncidentFilter, IncidentOrder } from "./incident.input.js";

@ArgsType()
export class IncidentListArgs {
  @Field(() => IncidentFilter, {
    nullable: true,
    description: "Conditions the incidents must meet (redirected ones are hidden by default).",
  })
  filter?: IncidentFilter;
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 100, default 25." })
  first?: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)." })
  after?: string;
  @Field(() => IncidentOrder, { nullable: true, description: "Sort order; default newest `lastUpdateDateTime` first." })
  orderBy?: IncidentOrder;
}

@ArgsType()
export class IncidentAlertsArgs {
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 100, default 25." })
  first?: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)." })
  after?: string;
}
