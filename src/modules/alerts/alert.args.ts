import { ArgsType, Field, Int } from "type-graphql";
import { AlertFilter, AlertOrder } from "./alert.input.js";

@ArgsType()
export class AlertListArgs {
  @Field(() => AlertFilter, { nullable: true, description: "Conditions the alerts must meet." })
  filter?: AlertFilter;
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 100, default 25." })
  first?: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)." })
  after?: string;
  @Field(() => AlertOrder, { nullable: true, description: "Sort order; default newest `lastUpdateTime` first." })
  orderBy?: AlertOrder;
}
