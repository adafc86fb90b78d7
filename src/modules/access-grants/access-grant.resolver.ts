import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { Tenant } from "../tenants/tenant.type.js";
import { AccessGrantListArgs } from "./access-grant.args.js";
import { AccessGrantPolicyInput, RequestAccessInput } from "./access-grant.input.js";
import { AccessGrant, AccessGrantPolicy } from "./access-grant.type.js";

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  @Query(() => [AccessGrant], {
    description:
      "Access grants you may see, newest first: your own requests and grants, all grants of tenants you approve for, everything for gateway admins.",
  })
  async accessGrants(@Args(() => AccessGrantListArgs) args: AccessGrantListArgs, @Ctx() ctx: GatewayContext): Promise<AccessGrant[]> {
    return ctx.services.accessGrants.list(ctx.scope, args);
  }

  @Mutation(() => AccessGrant, {
    description:
      "Requests a role on a tenant (for yourself unless you are a gateway admin). The request is PENDING until an approver decides.",
  })
  async requestAccess(@Arg("input", () => RequestAccessInput) input: RequestAccessInput, @Ctx() ctx: GatewayContext): Promise<AccessGrant> {
    return ctx.services.accessGrants.request(ctx.scope, input);
  }

  @Mutation(() => AccessGrant, {
    description:
      "Approves a PENDING request (APPROVER of the tenant or gateway admin; never your own). It expires after the tenant's policy lifetime.",
  })
  async approveAccess(@Arg("id", () => ID, { description: "Grant id." }) id: string, @Ctx() ctx: GatewayContext): Promise<AccessGrant> {
    return ctx.services.accessGrants.approve(ctx.scope, id);
  }

  @Mutation(() => AccessGrant, { description: "Denies a PENDING request (same rules as approval)." })
  async denyAccess(
    @Arg("id", () => ID, { description: "Grant id." }) id: string,
    @Arg("reason", () => String, { nullable: true, description: "Why (kept in the audit trail)." }) reason: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccessGrant> {
    return ctx.services.accessGrants.deny(ctx.scope, id, reason);
  }

  @Mutation(() => AccessGrant, {
    description:
      "Revokes an APPROVED grant or withdraws a PENDING request (APPROVER of the tenant, gateway admin, or the grant's owner). Applies within seconds everywhere.",
  })
  async revokeAccess(
    @Arg("id", () => ID, { description: "Grant id." }) id: string,
    @Arg("reason", () => String, { nullable: true, description: "Why (kept in the audit trail)." }) reason: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccessGrant> {
    return ctx.services.accessGrants.revoke(ctx.scope, id, reason);
  }

  @Mutation(() => AccessGrantPolicy, {
    description: "Sets how long a tenant's grants last after approval (gateway admins). Applies to later approvals.",
  })
  setAccessGrantPolicy(
    @Arg("input", () => AccessGrantPolicyInput) input: AccessGrantPolicyInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccessGrantPolicy> {
    return ctx.services.accessGrants.setPolicy(ctx.scope, input.tenantId, input.grantTtlSeconds ?? null);
  }

  @FieldResolver(() => Tenant, {
    nullable: true,
    description: "The tenant; null when you hold no role on it (e.g. your own pending request).",
  })
  tenant(@Root() grant: AccessGrant, @Ctx() ctx: GatewayContext): Tenant | null {
    return ctx.services.tenants.get(ctx.scope, grant.tenantId);
  }
}
