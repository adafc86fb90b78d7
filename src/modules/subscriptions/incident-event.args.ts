import { ArgsType, Field, Int } from "type-graphql";
import { IncidentFilter } from "../incidents/incident.input.js";

const REDIRECTED =
  "Unlike the `incidents` query, events of incidents merged into another (REDIRECTED) are delivered unless `includeRedirected` is false: " +
  "a live queue learns that way to drop them.";

@ArgsType()
export class IncidentEventsArgs {
  @Field(() => IncidentFilter, {
    nullable: true,
    description: `Only events whose incident meets these conditions (checked against the incident after the change). ${REDIRECTED}`,
  })
  filter?: IncidentFilter;
  @Field(() => String, {
    nullable: true,
    description:
      "Replay every incident event after this cursor first, then continue live (no gap, no duplicate). Omitted: live events only. " +
      "A cursor older than the log's retention fails with CURSOR_EXPIRED: re-read with the `incidents` query and subscribe again without it.",
  })
  after?: string;
}

@ArgsType()
export class IncidentEventsSinceArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Cursor to continue after (`pageInfo.endCursor` of the previous page, or any incident event's cursor). Omitted: the oldest retained event.",
  })
  after?: string;
  @Field(() => Int, { nullable: true, description: "Page size: 1 to 1,000, default 100." })
  first?: number;
  @Field(() => IncidentFilter, { nullable: true, description: `Only events whose incident meets these conditions. ${REDIRECTED}` })
  filter?: IncidentFilter;
}
