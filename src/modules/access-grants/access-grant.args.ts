import { ArgsType, Field, ID } from "type-graphql";
import { AccessGrantStatus } from "./access-grant.enums.js";

@ArgsType()
export class AccessGrantListArgs {
  @Field(() => ID, { nullable: true, description: "Only grants of this tenant." })
  tenantId?: string | null;
  @Field(() => AccessGrantStatus, { nullable: true, description: "Only grants in this status (EXPIRED is computed at read time)." })
  status?: AccessGrantStatus | null;
}
