import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { NotificationDelivery } from "./notification-delivery.type.js";
import { NotificationRule } from "./notification-rule.type.js";

/** Links of a delivery-log entry. The entry itself was authorized with its rule. */
@Resolver(() => NotificationDelivery)
export class NotificationDeliveryResolver {
  @FieldResolver(() => NotificationRule, {
    nullable: true,
    description: "The rule that caused the delivery; null once the rule is deleted.",
  })
  rule(@Root() delivery: NotificationDelivery, @Ctx() ctx: GatewayContext): Promise<NotificationRule | null> {
    return ctx.services.notifications.get(ctx.scope, delivery.ruleId);
  }

  @FieldResolver(() => Tenant, { nullable: true, description: "Tenant of the rule and of the alert or incident." })
  tenant(@Root() delivery: NotificationDelivery, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.byId(delivery.tenantId);
  }
}
