import { principalId, type Principal } from "../../auth/principal.js";
import { Permission, subjectMatches, type AccessScope } from "../../auth/roles.js";
import type { GrantActor, GrantRecord } from "./access-grant.record.js";

/**
 * Who may see and change which grant. Pure functions of the caller's scope and the record, so every
 * rule is in one place and unit-testable; the service calls them before touching the store.
 */

export const actorOf = (p: Principal): GrantActor => ({ id: principalId(p), displayName: p.displayName });

/** Approvers of the tenant (and gateway admins, through the admin rule in auth/) decide (approve, deny, revoke) its grants. */
export const canDecideOn = (scope: AccessScope, tenantId: string): boolean => scope.can(tenantId, Permission.DECIDE_GRANTS);

/** The caller requested the grant, or the grant names the caller personally (its user, or its app when app-only). */
export const isOwn = (p: Principal, g: GrantRecord): boolean =>
  g.requestedBy.id === principalId(p) || (g.subject.kind !== "GROUP" && subjectMatches(p, g.subject));

/** Visible: deciders of its tenant, whoever requested it, and whoever it applies to (members see their group's grants). */
export const canSee = (scope: AccessScope, g: GrantRecord): boolean =>
  canDecideOn(scope, g.tenantId) || isOwn(scope.principal, g) || subjectMatches(scope.principal, g.subject);

/** Deciding your own request: you asked for it, or it would grant you something. Refused for everyone, admins included. */
export const isSelfDecision = (p: Principal, g: GrantRecord): boolean =>
  g.requestedBy.id === principalId(p) || subjectMatches(p, g.subject);

/**
 * Why the caller cannot rule out being a member of the grant's group, or null when it can. A token whose
 * `groups` claim is missing or cut short (Entra's overage past 200 groups) cannot prove that a GROUP grant
 * is not for the caller's own group, so such a caller may not decide it (fails closed).
 */
export const unknownGroupMembership = (p: Principal, g: GrantRecord): string | null =>
  g.subject.kind === "GROUP" && !p.groupsComplete
    ? `your token does not list all your groups (no 'groups' claim, or Entra's group overage marker), so the gateway cannot tell whether group ${g.subject.id} includes you; another approver must decide this GROUP grant, or sign in with a token that carries your full group list`
    : null;

/** Deciders of the tenant, and the owner (withdrawing a request or giving up a grant). Group members cannot revoke a group's grant. */
export const canRevoke = (scope: AccessScope, g: GrantRecord): boolean => canDecideOn(scope, g.tenantId) || isOwn(scope.principal, g);
