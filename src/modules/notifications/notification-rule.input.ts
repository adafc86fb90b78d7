import { Field, ID, InputType } from "type-graphql";
import { AlertSeverity } from "../alerts/alert.enums.js";
import { NotificationTrigger } from "./notification-trigger.enum.js";

@InputType({ description: "A webhook endpoint that receives matching alerts as signed JSON POSTs (see the README, Notifications)." })
export class WebhookInput {
  @Field(() => String, {
    description: "Absolute http(s) URL. Private, loopback and link-local addresses are refused unless the gateway allows them.",
  })
  url!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "HMAC-SHA256 signing secret, 16 to 256 characters. Required for a new URL; omit it on update to keep the secret already stored for the same URL.",
  })
  secret?: string | null;
}

@InputType({
  description: "Everything a notification rule says. Used whole on create and on update (update replaces the rule's settings).",
})
export class NotificationRuleInput {
  @Field(() => ID, { description: "Tenant whose alerts and incidents the rule watches. Cannot change on update." })
  tenantId!: string;

  @Field(() => String, { description: "Rule name, 1 to 100 characters." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Free text, up to 1,000 characters." })
  description?: string | null;

  @Field(() => Boolean, { defaultValue: true, description: "Disabled rules keep their settings but send nothing." })
  enabled!: boolean;

  @Field(() => Boolean, { defaultValue: true, description: "Put the customer (tenant) name into messages. MSSPs need it." })
  includeOrganizationName!: boolean;

  @Field(() => Boolean, {
    defaultValue: true,
    description: "Links carry `?tid=<tenantId>` so they open the right tenant directly. MSSPs need it.",
  })
  includeTenantPortalLink!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Put the device name and group into messages (mail may be processed by servers outside the tenant's data geography).",
  })
  includeDeviceInformation!: boolean;

  @Field(() => [String], {
    nullable: true,
    description: "Device groups (matched case-insensitively against the alert's `rbacGroupName`). Omitted or empty: all devices.",
  })
  deviceGroups?: string[] | null;

  @Field(() => [AlertSeverity.values], {
    description:
      "Severities that trigger the rule (at least one; `UNKNOWN` is not accepted): of the alert, or of the incident for incident triggers. For `INCIDENT_SEVERITY_RAISED` the lowest one selected is the threshold.",
  })
  severities!: string[];

  @Field(() => [NotificationTrigger], {
    nullable: true,
    description:
      "What the rule fires on (at least one when given). Omitted: `[ALERT_CREATED]` on create, the rule's current triggers on update.",
  })
  triggers?: NotificationTrigger[] | null;

  @Field(() => [String], { description: "Email addresses (up to 50). May be empty only when `webhooks` has at least one entry." })
  recipients!: string[];

  @Field(() => [WebhookInput], { nullable: true, description: "Webhook endpoints (up to 10)." })
  webhooks?: WebhookInput[] | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Notify only for the first matching alert of each incident (`ALERT_CREATED` only).",
  })
  onlyFirstOccurrencePerIncident!: boolean;
}
