import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { AccessGrantResolver } from "./modules/access-grants/access-grant.resolver.js";
import { TenantAccessResolver } from "./modules/access-grants/tenant-access.resolver.js";
import { AlertResolver } from "./modules/alerts/alert.resolver.js";
import { AlertEventResolver } from "./modules/subscriptions/alert-event.resolver.js";
import { TenantResolver } from "./modules/tenants/tenant.resolver.js";
import { ViewerResolver } from "./modules/viewer/viewer.resolver.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ViewerResolver, TenantResolver, AlertResolver, AccessGrantResolver, TenantAccessResolver, AlertEventResolver];

/** Builds the executable schema from the type-graphql classes (validation is done in services). */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false });
}
