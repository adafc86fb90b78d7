import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SUBJECT_KINDS } from "../../auth/access.vocabulary.js";
import { AlertSeverity } from "../alerts/alert.enums.js";
import { NotificationTrigger } from "./notification-trigger.enum.js";

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

/** Whether a rule delivers, as far as its owner's access goes (`enabled` is separate). */
export const NotificationRuleState = { ACTIVE: "ACTIVE", SUSPENDED: "SUSPENDED" } as const;
export type NotificationRuleState = (typeof NotificationRuleState)[keyof typeof NotificationRuleState];
registerEnumType(NotificationRuleState, {
  name: "NotificationRuleState",
  description: "Whether a rule's owner still holds the access the rule needs.",
  valuesConfig: {
    ACTIVE: {
      description:
        "The owner holds TIER2_ANALYST on the tenant (or the rule is owned by the gateway-admin role): it delivers when enabled.",
    },
    SUSPENDED: {
      description:
        "The owner lost TIER2_ANALYST on the tenant: it sends nothing until someone who holds it updates the rule (and becomes its owner).",
    },
  },
});

/** Kinds of rule owner: the access-grant subject kinds plus the gateway-admin role. */
export const NotificationRuleOwnerKind = { ...Object.fromEntries(SUBJECT_KINDS.map((k) => [k, k])), GATEWAY_ADMIN: "GATEWAY_ADMIN" } as {
  readonly [K in (typeof SUBJECT_KINDS)[number] | "GATEWAY_ADMIN"]: K;
};
export type NotificationRuleOwnerKind = keyof typeof NotificationRuleOwnerKind;
registerEnumType(NotificationRuleOwnerKind, {
  name: "NotificationRuleOwnerKind",
  description: "On whose access a notification rule stands.",
  valuesConfig: {
    USER: { description: "The user's own grant." },
    GROUP: { description: "A grant of a group the last writer belonged to." },
    APP: { description: "The app's own grant (app-only token)." },
    GATEWAY_ADMIN: { description: "The gateway-admin app role (not checked at delivery: the rule never suspends)." },
  },
});

@ObjectType({ description: "On whose access a rule stands: set from the grant through which its last writer could manage rules." })
export class NotificationRuleOwner {
  @Field(() => NotificationRuleOwnerKind, { description: "User, group, app, or the gateway-admin role." })
  kind!: NotificationRuleOwnerKind;
  @Field(() => ID, { description: "User object id, group id, app id, or the admin's id." })
  id!: string;
  @Field(() => String, { nullable: true, description: "Display name when known." })
  displayName?: string | null;
}

@ObjectType({
  description:
    "Who gets told about which new alerts or incidents of a tenant (Defender's email notification rules, owned by the gateway because upstream has no API for them).",
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
  @Field(() => [AlertSeverity.values], {
    description: "Severities that trigger the rule (of the alert or the incident); the lowest is the `INCIDENT_SEVERITY_RAISED` threshold.",
  })
  severities!: string[];
  @Field(() => [NotificationTrigger], { description: "What the rule fires on; `[ALERT_CREATED]` for rules saved before triggers existed." })
  triggers!: NotificationTrigger[];
  @Field(() => [String], { description: "Email addresses (as in the input)." })
  recipients!: string[];
  @Field(() => [NotificationRecipient], { description: "Email recipients with the time each was added." })
  recipientDetails!: NotificationRecipient[];
  @Field(() => [NotificationWebhook], { description: "Webhook endpoints (secrets are never returned)." })
  webhooks!: NotificationWebhook[];
  @Field(() => Boolean, { description: "Notify only for the first matching alert of each incident (`ALERT_CREATED` only)." })
  onlyFirstOccurrencePerIncident!: boolean;
  @Field(() => NotificationRuleState, {
    description: "ACTIVE while the owner holds TIER2_ANALYST on the tenant; SUSPENDED (sends nothing) once that access is gone.",
  })
  state!: NotificationRuleState;
  @Field(() => String, { nullable: true, description: "Why the rule is SUSPENDED; null when ACTIVE." })
  suspendedReason?: string | null;
  @Field(() => NotificationRuleOwner, {
    nullable: true,
    description: "On whose access the rule stands; null for rules saved before owners were recorded (they stay ACTIVE until updated).",
  })
  owner?: NotificationRuleOwner | null;
  @Field(() => String, { description: "Who created the rule (display name)." })
  createdBy!: string;
  @Field(() => DateTimeISOResolver, { description: "When the rule was created." })
  createdAt!: Date;
  @Field(() => String, { description: "Who changed the rule last (display name)." })
  updatedBy!: string;
  @Field(() => DateTimeISOResolver, { description: "When the rule was changed last." })
  updatedAt!: Date;
}
