import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { AlertSeverity } from "../alerts/alert.enums.js";

@ObjectType({ description: "An email recipient of a rule." })
export class NotificationRecipient {
  @Field(() => String, { description: "Email address." })
  address!: string;
  @Field(() => DateTimeISOResolver, { description: "When it was added: it gets only alerts raised after this time." })
  addedAt!: Date;
}

@ObjectType({ description: "A webhook endpoint of a rule. The signing secret is never returned." })
export class NotificationWebhook {
  @Field(() => ID, { description: "Stable id of the endpoint within the rule." })
  id!: string;
  @Field(() => String, { description: "Target URL." })
  url!: string;
  @Field(() => Boolean, { description: "True when a signing secret is stored (always, for saved rules)." })
  secretSet!: boolean;
  @Field(() => String, { description: "Last 4 characters of the secret, to tell secrets apart (e.g. `…9f2c`)." })
  secretHint!: string;
  @Field(() => DateTimeISOResolver, { description: "When it was added: it gets only alerts raised after this time." })
  addedAt!: Date;
}

@ObjectType({
  description:
    "Who gets told about which new alerts of a tenant (Defender's email notification rules, owned by the gateway because upstream has no API for them).",
})
export class NotificationRule {
  @Field(() => ID, { description: "Rule id." })
  id!: string;
  /** Resolved by a field resolver (`tenant`). */
  tenantId!: string;
  @Field(() => String, { description: "Rule name." })
  name!: string;
  @Field(() => String, { nullable: true, description: "Free text." })
  description?: string | null;
  @Field(() => Boolean, { description: "Disabled rules send nothing." })
  enabled!: boolean;
  @Field(() => Boolean, { description: "Messages name the customer (tenant)." })
  includeOrganizationName!: boolean;
  @Field(() => Boolean, { description: "Links carry `?tid=<tenantId>`." })
  includeTenantPortalLink!: boolean;
  @Field(() => Boolean, { description: "Messages name the device and its group." })
  includeDeviceInformation!: boolean;
  @Field(() => [String], { description: "Device groups the rule covers; empty means all devices." })
  deviceGroups!: string[];
  @Field(() => [AlertSeverity.values], { description: "Severities that trigger the rule." })
  severities!: string[];
  @Field(() => [String], { description: "Email addresses (as in the input)." })
  recipients!: string[];
  @Field(() => [NotificationRecipient], { description: "Email recipients with the time each was added." })
  recipientDetails!: NotificationRecipient[];
  @Field(() => [NotificationWebhook], { description: "Webhook endpoints (secrets are never returned)." })
  webhooks!: NotificationWebhook[];
  @Field(() => Boolean, { description: "Notify only for the first matching alert of each incident." })
  onlyFirstOccurrencePerIncident!: boolean;
  @Field(() => String, { description: "Who created the rule (display name)." })
  createdBy!: string;
  @Field(() => DateTimeISOResolver, { description: "When the rule was created." })
  createdAt!: Date;
  @Field(() => String, { description: "Who changed the rule last (display name)." })
  updatedBy!: string;
  @Field(() => DateTimeISOResolver, { description: "When the rule was changed last." })
  updatedAt!: Date;
}
