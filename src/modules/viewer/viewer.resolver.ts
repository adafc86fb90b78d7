import { Ctx, Query, Resolver } from "type-graphql";
import { principalId } from "../../auth/principal.js";
import type { GatewayContext } from "../../context.js";
import { Viewer } from "./viewer.type.js";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: "Who the caller is, and the caller's roles per tenant." })
  me(@Ctx() ctx: GatewayContext): Viewer {
    const p = ctx.principal;
    return {
      id: principalId(p),
      displayName: p.displayName,
      username: p.username,
      appId: p.appId,
      groups: [...p.groups],
      appRoles: [...p.appRoles],
      isAdmin: p.isAdmin,
      tenantRoles: [...ctx.scope.roles].map(([tenantId, roles]) => ({
        tenantId,
        tenant: ctx.services.tenants.byId(tenantId),
        roles: [...roles].sort(),
      })),
    };
  }
}
