import { Field, ID, InputType } from "type-graphql";
import { AlertClassification, AlertDetermination, AlertStatus } from "../alerts/alert.enums.js";
import { IncidentStatus } from "../incidents/incident.enums.js";

@InputType({ description: "One alert or incident of a bulk change: its tenant and its id." })
export class BulkItemInput {
  @Field(() => ID, { description: "Tenant of the item." })
  tenantId!: string;
  @Field(() => ID, { description: "Alert or incident id." })
  id!: string;
}

@InputType({ description: "What a bulk change sets on every alert; omitted fields keep their values. At least one field." })
export class BulkAlertPatchInput {
  @Field(() => AlertStatus.values, { nullable: true, description: "New status (NEW, IN_PROGRESS or RESOLVED)." })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "New owner (free text upstream; a UPN by convention)." })
  assignedTo?: string | null;
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification." })
  classification?: string | null;
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination (not the deprecated APT or SECURITY_PERSONNEL)." })
  determination?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "A comment to add to every alert (max 1,000 characters), signed with your name. Not added twice to an alert that has it.",
  })
  comment?: string | null;
}

@InputType({
  description:
    "Up to 500 alerts, across any tenants you hold TIER2_ANALYST on, and one change for all of them. Duplicate items count once.",
})
export class UpdateAlertsInput {
  @Field(() => [BulkItemInput], { description: "The alerts (1 to 500 distinct)." })
  items!: BulkItemInput[];
  @Field(() => BulkAlertPatchInput, { description: "The change." })
  patch!: BulkAlertPatchInput;
}

@InputType({ description: "What a bulk change sets on every incident; omitted fields keep their values. At least one field." })
export class BulkIncidentPatchInput {
  @Field(() => IncidentStatus.values, { nullable: true, description: "New status (ACTIVE, IN_PROGRESS, RESOLVED or AWAITING_ACTION)." })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "New owner (free text upstream; a UPN by convention)." })
  assignedTo?: string | null;
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification." })
  classification?: string | null;
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination (not the deprecated APT or SECURITY_PERSONNEL)." })
  determination?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: "Replaces the analysts' tags (at most 50, each 1 to 128 characters; `[]` clears them).",
  })
  customTags?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A comment to add to every incident (max 1,000 characters), signed with your name. Not added twice to an incident that has it.",
  })
  comment?: string | null;
}

@InputType({
  description:
    "Up to 500 incidents, across any tenants you hold TIER2_ANALYST on, and one change for all of them. Duplicate items count once.",
})
export class UpdateIncidentsInput {
  @Field(() => [BulkItemInput], { description: "The incidents (1 to 500 distinct)." })
  items!: BulkItemInput[];
  @Field(() => BulkIncidentPatchInput, { description: "The change." })
  patch!: BulkIncidentPatchInput;
}
