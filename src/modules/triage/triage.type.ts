import { Field, ID, Int, ObjectType } from "type-graphql";
import { Alert } from "../alerts/alert.type.js";
import { Incident } from "../incidents/incident.type.js";

@ObjectType({ description: "An item of a bulk change that was not changed, and why." })
export class BulkItemFailure {
  @Field(() => ID, { description: "Tenant of the item, as given." })
  tenantId!: string;
  @Field(() => ID, { description: "Item id, as given." })
  id!: string;
  @Field(() => String, {
    description:
      "Why, as `extensions.code` would say it: NOT_FOUND (unknown, or a tenant you may not read), FORBIDDEN (you may read but not change it), UPSTREAM_THROTTLED (retry after `retryAfterSeconds`), UPSTREAM_UNAVAILABLE, UPSTREAM_AUTH_FAILED, UPSTREAM_BAD_REQUEST, SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR.",
  })
  code!: string;
  @Field(() => String, { description: "What happened, for people." })
  message!: string;
  @Field(() => Int, { nullable: true, description: "With UPSTREAM_THROTTLED: seconds until a retry may succeed." })
  retryAfterSeconds?: number | null;
}

@ObjectType({ description: "Every item of an `updateAlerts` call, once: changed (or already as asked) or failed." })
export class UpdateAlertsResult {
  @Field(() => [Alert], { description: "The alerts as they are now, in the order given. Includes alerts that already were as asked." })
  succeeded!: Alert[];
  @Field(() => [BulkItemFailure], {
    description: "The items not changed, in the order given. Retrying the whole call is safe: items already as asked are not sent again.",
  })
  failed!: BulkItemFailure[];
}

@ObjectType({ description: "Every item of an `updateIncidents` call, once: changed (or already as asked) or failed." })
export class UpdateIncidentsResult {
  @Field(() => [Incident], {
    description: "The incidents as they are now, in the order given. Includes incidents that already were as asked.",
  })
  succeeded!: Incident[];
  @Field(() => [BulkItemFailure], {
    description: "The items not changed, in the order given. Retrying the whole call is safe: items already as asked are not sent again.",
  })
  failed!: BulkItemFailure[];
}
