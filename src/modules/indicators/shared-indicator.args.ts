import { ArgsType, Field, Int } from "type-graphql";
import { SharedIndicatorFilter } from "./shared-indicator.input.js";

@ArgsType()
export class SharedIndicatorListArgs {
  @Field(() => SharedIndicatorFilter, { nullable: true, description: "Conditions the indicators must meet." })
  filter?: SharedIndicatorFilter | null;
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 100, default 25." })
  first?: number | null;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)." })
  after?: string | null;
}

@ArgsType()
export class SharedIndicatorAlertsArgs {
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 100, default 25." })
  first?: number | null;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (`pageInfo.endCursor` of the previous page)." })
  after?: string | null;
}
