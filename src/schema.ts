import "reflect-metadata";
import { isAbstractType, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { buildSchema, type NonEmptyArray, type PubSub } from "type-graphql";
import { AccessGrantResolver } from "./modules/access-grants/access-grant.resolver.js";
import { TenantAccessResolver } from "./modules/access-grants/tenant-access.resolver.js";
import { AlertResolver } from "./modules/alerts/alert.resolver.js";
import { evidenceTypeName } from "./modules/alerts/evidence.common.type.js";
import { memoizeDateSerialization } from "./execution/date-scalar.js";
import { callFieldResolversDirectly } from "./execution/field-resolvers.js";
import { dropPassThroughResolvers } from "./execution/plain-fields.js";
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

/**
 * Synchronous `resolveType`s of the abstract types, put back after type-graphql wrapped them in async functions:
 * the jit execution engine needs the type at once (it executes documents reaching any other abstract type with
 * graphql-js).
 */
const SYNC_TYPE_RESOLVERS: Record<string, GraphQLTypeResolver<never, unknown>> = { Evidence: evidenceTypeName };

/** Builds the executable schema from the type-graphql classes (validation is done in services). */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, validate: false, pubSub: noTopics });
  for (const [name, resolve] of Object.entries(SYNC_TYPE_RESOLVERS)) {
    const type = schema.getType(name);
    if (isAbstractType(type)) type.resolveType = resolve as GraphQLTypeResolver<unknown, unknown>;
  }
  // Plain fields read their property directly (no per-field resolver call): see plain-fields.ts.
  dropPassThroughResolvers(schema);
  // Field resolvers that only need the parent and the context are called without type-graphql's handler: see field-resolvers.ts.
  callFieldResolversDirectly(schema, resolvers);
  // The same Date objects are serialized by every request: see date-scalar.ts.
  memoizeDateSerialization(schema);
  return schema;
}
