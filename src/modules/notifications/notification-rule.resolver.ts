import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { DeliveryStatus } from "./notification.model.js";
import { NotificationDelivery } from "./notification-delivery.type.js";
import { NotificationRuleInput } from "./notification-rule.input.js";
import { NotificationRule } from "./notification-rule.type.js";
import { NotificationTrigger } from "./notification-trigger.enum.js";

@Resolver(() => NotificationRule)
export class NotificationRuleResolver {
  @Query(() => [NotificationRule], { description: "Notification rules of the tenants you may read (TIER1_ANALYST and up), oldest first." })
  notificationRules(
    @Arg("tenantId", () => ID, { nullable: true, description: "Only this tenant's rules (empty when you may not read them)." })
    tenantId: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationRule[]> {
    return ctx.services.notifications.list(ctx.scope, tenantId);
  }

  @Query(() => NotificationRule, {
    nullable: true,
    description: "One notification rule; null when it does not exist or you may not read it.",
  })
  notificationRule(
    @Arg("id", () => ID, { description: "Rule id." }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationRule | null> {
    return ctx.services.notifications.get(ctx.scope, id);
  }

  @Query(() => [NotificationDelivery], { description: "Delivery log of one rule, newest first (same as `NotificationRule.deliveries`)." })
  notificationDeliveries(
    @Arg("ruleId", () => ID, { description: "Rule id." }) ruleId: string,
    @Arg("first", () => Int, { nullable: true, description: "How many, 1 to 200 (default 20)." }) first: number | null,
    @Arg("status", () => DeliveryStatus, { nullable: true, description: "Only deliveries in this state." }) status: DeliveryStatus | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationDelivery[]> {
    return ctx.services.notifications.deliveries(ctx.scope, ruleId, { first, status });
  }

  @Mutation(() => NotificationRule, { description: "Creates a notification rule. Needs TIER2_ANALYST on the tenant." })
  createNotificationRule(
    @Arg("input", () => NotificationRuleInput) input: NotificationRuleInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationRule> {
    return ctx.services.notifications.create(ctx.scope, input);
  }

  @Mutation(() => NotificationRule, {
    description:
      "Replaces a rule's settings. Recipients that stay keep their added time; new ones get only alerts raised from now on. Needs TIER2_ANALYST.",
  })
  updateNotificationRule(
    @Arg("id", () => ID, { description: "Rule id." }) id: string,
    @Arg("input", () => NotificationRuleInput) input: NotificationRuleInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationRule> {
    return ctx.services.notifications.update(ctx.scope, id, input);
  }

  @Mutation(() => Boolean, { description: "Deletes a rule and its delivery log. Needs TIER2_ANALYST." })
  deleteNotificationRule(@Arg("id", () => ID, { description: "Rule id." }) id: string, @Ctx() ctx: GatewayContext): Promise<boolean> {
    return ctx.services.notifications.delete(ctx.scope, id);
  }

  @Mutation(() => NotificationDelivery, {
    description:
      "Sends a test message to every recipient and webhook of the rule now (one attempt each, all recorded in its delivery log) and returns the least successful delivery: SENT means all were accepted. Needs TIER2_ANALYST.",
  })
  sendTestNotification(
    @Arg("ruleId", () => ID, { description: "Rule id." }) ruleId: string,
    @Arg("recipient", () => String, { nullable: true, description: "Only this email address or webhook URL of the rule." })
    recipient: string | null,
    @Arg("trigger", () => NotificationTrigger, {
      nullable: true,
      description:
        "Preview the message of this trigger: an incident trigger sends its incident message about an example incident. Omitted or `ALERT_CREATED`: the generic test message.",
    })
    trigger: NotificationTrigger | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationDelivery> {
    return ctx.services.notifications.sendTest(ctx.scope, ruleId, recipient, trigger);
  }

  @FieldResolver(() => Tenant, { description: "The tenant whose alerts and incidents the rule watches." })
  tenant(@Root() rule: NotificationRule, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.byId(rule.tenantId);
  }

  @FieldResolver(() => [NotificationDelivery], { description: "Delivery log of this rule, newest first." })
  deliveries(
    @Root() rule: NotificationRule,
    @Arg("first", () => Int, { nullable: true, description: "How many, 1 to 200 (default 20)." }) first: number | null,
    @Arg("status", () => DeliveryStatus, { nullable: true, description: "Only deliveries in this state." }) status: DeliveryStatus | null,
    @Arg("test", () => Boolean, { nullable: true, description: "Only test messages (true) or only alert and incident messages (false)." })
    test: boolean | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationDelivery[]> {
    return ctx.services.notifications.deliveries(ctx.scope, rule.id, { first, status, test });
  }
}
