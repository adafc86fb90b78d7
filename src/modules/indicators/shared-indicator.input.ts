import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, Int } from "type-graphql";
import { SharedIndicatorKind } from "./shared-indicator.enums.js";

@InputType({ description: "Narrows the shared indicators. All conditions must hold (AND); list values match any of them (OR)." })
export class SharedIndicatorFilter {
  @Field(() => [SharedIndicatorKind], { nullable: true, description: "Only these kinds (default: all)." })
  kinds?: string[] | null;
  @Field(() => Int, {
    nullable: true,
    description: "Fewest of your tenants that must have seen the indicator: 2 (the default) to 1,000. Tenants you cannot read never count.",
  })
  minTenants?: number | null;
  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: "Only tenants that saw the indicator at or after this time (their `lastSeen`) count.",
  })
  seenSince?: Date | null;
  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description:
      "Only tenants that saw the indicator at or before this time (their `firstSeen`) count. With `seenSince`: tenants whose first–last seen span overlaps the window.",
  })
  seenUntil?: Date | null;
  @Field(() => [ID], { nullable: true, description: "Only these tenants count (ignored for tenants you cannot read)." })
  tenantIds?: string[] | null;
}
