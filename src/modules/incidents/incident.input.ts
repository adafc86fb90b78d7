import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { AlertClassification, AlertDetermination, AlertSeverity, ServiceSource } from "../alerts/alert.enums.js";
import { OrderDirection } from "../alerts/alert.input.js";
import { IncidentStatus } from "./incident.enums.js";

@InputType({
  description:
    "Narrows an incident list. All conditions must hold (AND); list values match any of them (OR). Incidents merged into another " +
    "(status REDIRECTED) are left out unless `includeRedirected` is true or `statuses` names REDIRECTED.",
})
export class IncidentFilter {
  @Field(() => [ID], { nullable: true, description: "Only these tenants (ignored for tenants you cannot see)." })
  tenantIds?: string[];
  @Field(() => [AlertSeverity.values], { nullable: true, description: "Any of these severities." })
  severities?: string[];
  @Field(() => [IncidentStatus.values], { nullable: true, description: "Any of these statuses." })
  statuses?: string[];
  @Field(() => [AlertClassification.values], {
    nullable: "itemsAndList",
    description: "Any of these classifications; `null` in the list matches incidents not classified yet.",
  })
  classifications?: (string | null)[];
  @Field(() => [AlertDetermination.values], {
    nullable: "itemsAndList",
    description: "Any of these determinations; `null` in the list matches incidents without one.",
  })
  determinations?: (string | null)[];
  @Field(() => [String], {
    nullable: true,
    description:
      "Assigned to any of these owners (exact, case-insensitive: a UPN, a display name…). With `unassigned: true`, also nobody's.",
  })
  assignedTo?: string[];
  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only incidents nobody is assigned to (or those and `assignedTo`'s: \"mine or nobody's\"); false: only assigned ones.",
  })
  unassigned?: boolean;
  @Field(() => [String], { nullable: true, description: "Carrying any of these tags, custom or system (exact, case-insensitive)." })
  tags?: string[];
  @Field(() => [ServiceSource.values], {
    nullable: true,
    description: "Involving any of these products (the service sources of its alerts, as known when the incident was last synced).",
  })
  serviceSources?: string[];
  @Field(() => String, { nullable: true, description: "Case-insensitive text contained in the name or description." })
  search?: string;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last updated at or after this time." })
  updatedSince?: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last updated at or before this time." })
  updatedUntil?: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or after this time." })
  createdSince?: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or before this time." })
  createdUntil?: Date;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Also list incidents merged into another (status REDIRECTED, `redirectIncidentId` set; their alerts belong to the target now). Default false.",
  })
  includeRedirected?: boolean;
}

export enum IncidentOrderField {
  LAST_UPDATE_DATE_TIME = "LAST_UPDATE_DATE_TIME",
  CREATED_DATE_TIME = "CREATED_DATE_TIME",
}
registerEnumType(IncidentOrderField, {
  name: "IncidentOrderField",
  description: "What to sort incidents by.",
  valuesConfig: {
    LAST_UPDATE_DATE_TIME: { description: "When upstream last changed the incident, `lastUpdateDateTime` (the default)." },
    CREATED_DATE_TIME: { description: "When upstream created the incident, `createdDateTime`." },
  },
});

@InputType({ description: "Sort order of an incident list. Default: newest `lastUpdateDateTime` first." })
export class IncidentOrder {
  @Field(() => IncidentOrderField, { defaultValue: IncidentOrderField.LAST_UPDATE_DATE_TIME, description: "Sort key." })
  field!: IncidentOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "Direction." })
  direction!: OrderDirection;
}

@InputType({
  description: "Changes to one incident; omitted fields keep their values. Sent to Microsoft Graph first, then visible at once.",
})
export class UpdateIncidentInput {
  @Field(() => ID, { description: "Tenant of the incident." })
  tenantId!: string;
  @Field(() => ID, { description: "Incident id." })
  id!: string;
  @Field(() => IncidentStatus.values, { nullable: true, description: "New status (ACTIVE, IN_PROGRESS, AWAITING_ACTION or RESOLVED)." })
  status?: string;
  @Field(() => String, { nullable: true, description: "New owner (free text upstream; a UPN by convention)." })
  assignedTo?: string;
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification." })
  classification?: string;
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination." })
  determination?: string;
  @Field(() => [String], {
    nullable: true,
    description: "Replaces the custom tags (at most 50, each 1 to 128 characters; `[]` removes them all).",
  })
  customTags?: string[];
  @Field(() => String, {
    nullable: true,
    description: "A comment to append (max 1,000 characters), attributed to you: `[<your name> via gateway] <comment>` upstream.",
  })
  comment?: string;
}
