import { ArgsType, Field, Int } from "type-graphql";
import { AlertFilter } from "../alerts/alert.input.js";

@ArgsType()
export class AlertEventsArgs {
  @Field(() => AlertFilter, {
    nullable: true,
    description: "Only events whose alert meets these conditions (checked against the alert after the change).",
  })
  filter?: AlertFilter;
  @Field(() => String, {
    nullable: true,
    description:
      "Replay every event after this cursor first, then continue live (no gap, no duplicate). Omitted: live events only. " +
      "A cursor older than the log's retention fails with CURSOR_EXPIRED: re-read with the `alerts` query and subscribe again without it.",
  })
  after?: string;
}

@ArgsType()
export class AlertEventsSinceArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Cursor to continue after (`pageInfo.endCursor` of the previous page, or any event's cursor). Omitted: the oldest retained event.",
  })
  after?: string;
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 1,000, default 100." })
  first?: number;
  @Field(() => AlertFilter, { nullable: true, description: "Only events whose alert meets these conditions." })
  filter?: AlertFilter;
}
