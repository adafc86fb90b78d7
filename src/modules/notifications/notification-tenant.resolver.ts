import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { NotificationRule } from "./notification-rule.type.js";

/** `Tenant.notificationRules`, kept in the notifications module. */
@Resolver(() => Tenant)
export class NotificationTenantResolver {
  @FieldResolver(() => [NotificationRule], { description: "This tenant's notification rules (empty when you may not read them)." })
  notificationRules(@Root() tenant: Tenant, @Ctx() ctx: GatewayContext): Promise<NotificationRule[]> {
    return ctx.services.notifications.list(ctx.scope, tenant.id);
  }
}
