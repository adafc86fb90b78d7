import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray, type PubSub } from "type-graphql";
import { AccessGrantResolver } from "./modules/access-grants/access-grant.resolver.js";
import { TenantAccessResolver } from "./modules/access-grants/tenant-access.resolver.js";
import { AlertResolver } from "./modules/alerts/alert.resolver.js";
import { NotificationDeliveryResolver } from "./modules/notifications/notification-delivery.resolver.js";
import { NotificationRuleResolver } from "./modules/notifications/notification-rule.resolver.js";
import { NotificationTenantResolver } from "./modules/notifications/notification-tenant.resolver.js";
import { AlertEventResolver } from "./modules/subscriptions/alert-event.resolver.js";
import { IncidentEventResolver } from "./modules/subscriptions/incident-event.resolver.js";
import { AlertIncidentResolver } from "./modules/incidents/alert-incident.resolver.js";
import { IncidentTenantResolver } from "./modules/incidents/incident-tenant.resolver.js";
import { IncidentResolver } from "./modules/incidents/incident.resolver.js";
import { TenantResolver } from "./modules/tenants/tenant.resolver.js";
import { TriageResolver } from "./modules/triage/triage.resolver.js";
import { ViewerResolver } from "./modules/viewer/viewer.resolver.js";
import { PageInfoResolver } from "./modules/common/page-info.resolver.js";
import { SharedIndicatorResolver, SharedIndicatorTenantResolver } from "./modules/indicators/shared-indicator.resolver.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ViewerResolver,
  TenantResolver,
  AlertResolver,
  TriageResolver,
  IncidentResolver,
  AlertIncidentResolver,
  IncidentTenantResolver,
  AccessGrantResolver,
  TenantAccessResolver,
  AlertEventResolver,
  IncidentEventResolver,
  NotificationRuleResolver,
  NotificationTenantResolver,
  NotificationDeliveryResolver,
  PageInfoResolver,
  SharedIndicatorResolver,
  SharedIndicatorTenantResolver,
];

/**
 * type-graphql demands a pubSub once any @Subscription exists; ours run on the live engine (one event hub per
 * event log), never on topics, so this one refuses to be used.
 */
const noTopics: PubSub = {
  publish: () => {
    throw new Error("pub/sub topics are not used: subscriptions read the event log");
  },
  subscribe: () => {
    throw new Error("pub/sub topics are not used: subscriptions read the event log");
  },
};

/** Builds the executable schema from the type-graphql classes (validation is done in services). */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, pubSub: noTopics });
}
