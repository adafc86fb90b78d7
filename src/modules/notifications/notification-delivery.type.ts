import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DeliveryStatus, NotificationChannel } from "./notification.model.js";
import { NotificationTrigger } from "./notification-trigger.enum.js";

registerEnumType(NotificationChannel, {
  name: "NotificationChannel",
  description: "How a notification is delivered.",
  valuesConfig: {
    EMAIL: { description: "Email through the gateway's SMTP server." },
    WEBHOOK: { description: "Signed JSON POST to a webhook endpoint." },
  },
});

registerEnumType(DeliveryStatus, {
  name: "NotificationDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Claimed by a replica; the first attempt has not finished yet." },
    RETRYING: { description: "An attempt failed; another one is scheduled at `nextAttemptAt`." },
    SENT: { description: "Accepted by the SMTP server or answered 2xx by the webhook." },
    FAILED: { description: "Gave up: a permanent error, or every attempt failed. See `lastError`." },
    SKIPPED_NOT_CONFIGURED: { description: "Email is not configured on this gateway (no `SMTP_HOST`), so nothing was sent." },
  },
});

@ObjectType({
  description: "One notification to one recipient (email address or webhook) for one alert or incident, or a test message.",
})
export class NotificationDelivery {
  @Field(() => ID, { description: "Delivery id (also the `X-Gateway-Delivery` header and the email's Message-ID)." })
  id!: string;
  @Field(() => ID, { description: "Rule that caused it." })
  ruleId!: string;
  @Field(() => ID, { description: "Tenant of the rule and of the alert or incident." })
  tenantId!: string;
  @Field(() => ID, { nullable: true, description: "Alert notified about (`ALERT_CREATED`); null for incident and test notifications." })
  alertId?: string | null;
  @Field(() => ID, { nullable: true, description: "Incident notified about (incident triggers); null for alert and test notifications." })
  incidentId?: string | null;
  @Field(() => NotificationTrigger, {
    nullable: true,
    description: "What fired it; for a test message, the trigger whose message it previews (null: the generic test message).",
  })
  trigger?: NotificationTrigger | null;
  @Field(() => Boolean, { description: "True for messages sent by `sendTestNotification`." })
  test!: boolean;
  @Field(() => NotificationChannel, { description: "Email or webhook." })
  channel!: NotificationChannel;
  @Field(() => String, { description: "Email address, or the webhook URL." })
  recipient!: string;
  @Field(() => DeliveryStatus, { description: "Current state." })
  status!: DeliveryStatus;
  @Field(() => Int, { description: "Attempts made so far." })
  attempts!: number;
  @Field(() => String, { nullable: true, description: "Error of the last failed attempt (SMTP reply, HTTP status, timeout…)." })
  lastError?: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the message was accepted." })
  sentAt?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the next attempt is due (RETRYING only)." })
  nextAttemptAt?: Date | null;
  @Field(() => DateTimeISOResolver, { description: "When the delivery was created." })
  createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: "When its state last changed." })
  updatedAt!: Date;
}
