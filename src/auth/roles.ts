import type { RoleName, SubjectKind } from "./access.vocabulary.js";
import type { Principal } from "./principal.js";

/**
 * Every permission decision of the gateway: what a role allows on one tenant, what the gateway-admin app
 * role adds, and the caller's resulting scope. Services ask `scope.can(...)`; nothing else re-codes a rule.
 */

/** What a caller may do on one tenant. */
export const Permission = {
  /** See that the tenant exists (its name, sync state): any role on it. */
  VIEW_TENANT: "VIEW_TENANT",
  READ_ALERTS: "READ_ALERTS",
  WRITE_ALERTS: "WRITE_ALERTS",
  READ_RULES: "READ_RULES",
  WRITE_RULES: "WRITE_RULES",
  DECIDE_GRANTS: "DECIDE_GRANTS",
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** What a caller may do gateway-wide (not tied to one tenant): only the gateway-admin app role. */
export const GatewayPermission = {
  /** Set a tenant's grant lifetime policy. */
  MANAGE_GRANT_POLICY: "MANAGE_GRANT_POLICY",
  /** Request access for a group, an app or another user. */
  REQUEST_FOR_OTHERS: "REQUEST_FOR_OTHERS",
} as const;
export type GatewayPermission = (typeof GatewayPermission)[keyof typeof GatewayPermission];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  TIER1_ANALYST: [Permission.VIEW_TENANT, Permission.READ_ALERTS, Permission.READ_RULES],
  TIER2_ANALYST: [Permission.VIEW_TENANT, Permission.READ_ALERTS, Permission.READ_RULES, Permission.WRITE_ALERTS, Permission.WRITE_RULES],
  APPROVER: [Permission.VIEW_TENANT, Permission.DECIDE_GRANTS],
};

/**
 * The gateway-admin rule: the tenant registry, every grant and every notification rule are the admin's,
 * on every tenant. Alert data is not: an admin reads a tenant's alerts only with a grant on it.
 */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  Permission.VIEW_TENANT,
  Permission.READ_RULES,
  Permission.WRITE_RULES,
  Permission.DECIDE_GRANTS,
];

/** An approved, unexpired grant: the only input to authorization. */
export interface ActiveGrant {
  tenantId: string;
  subject: { kind: SubjectKind; id: string };
  role: RoleName;
}

/** Where active grants come from (config seeds, then the access-grant store). */
export interface GrantSource {
  /** Every currently active grant. Implementations cache briefly (≤ 2 s) so changes apply within seconds everywhere. */
  activeGrants(): Promise<readonly ActiveGrant[]>;
}

/** The caller's effective permissions per tenant, computed once per request / per event check. */
export interface AccessScope {
  readonly principal: Principal;
  /** Roles from grants per tenant (the admin rule adds no roles: it adds permissions). */
  readonly roles: ReadonlyMap<string, ReadonlySet<RoleName>>;
  /** True when the caller holds `permission` on the tenant, through a grant or the gateway-admin rule. */
  can(tenantId: string, permission: Permission): boolean;
  /** True when the caller holds a gateway-wide permission (gateway admins). */
  canGlobally(permission: GatewayPermission): boolean;
  /** Tenants on which the caller holds `permission` (all registered tenants for admin permissions). */
  tenantsWith(permission: Permission): string[];
  /**
   * The caller's own identities whose grants give `permission` on the tenant, most specific first (the
   * user or app itself, then groups). Empty when only the admin rule gives it. Lets something the caller
   * creates (a notification rule) remember on whose access it stands.
   */
  grantHolders(tenantId: string, permission: Permission): ActiveGrant["subject"][];
}

export function subjectMatches(principal: Principal, subject: ActiveGrant["subject"]): boolean {
  switch (subject.kind) {
    case "USER":
      return principal.userId !== null && principal.userId === subject.id;
    case "GROUP":
      return principal.groups.includes(subject.id);
    case "APP":
      // Only app-only tokens act as the app: a user signed in through a granted client app is still just the user.
      return principal.userId === null && principal.appId === subject.id;
  }
}

/** Does `role` allow `permission`? */
export const roleAllows = (role: RoleName, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission);

/**
 * True when one subject (not a token: a stored owner such as a rule's) still holds `permission` on the
 * tenant through an active grant naming exactly it. Used where no caller is present (notification delivery).
 */
export const subjectHolds = (
  grants: readonly ActiveGrant[],
  subject: ActiveGrant["subject"],
  tenantId: string,
  permission: Permission,
): boolean =>
  grants.some(
    (g) => g.tenantId === tenantId && g.subject.kind === subject.kind && g.subject.id === subject.id && roleAllows(g.role, permission),
  );

export interface AccessScopeOptions {
  /** Every registered tenant id: what `tenantsWith` lists for an admin permission. Default: only tenants with grants. */
  tenantIds?: () => readonly string[];
}

export function buildAccessScope(principal: Principal, grants: readonly ActiveGrant[], opts: AccessScopeOptions = {}): AccessScope {
  const roles = new Map<string, Set<RoleName>>();
  const mine: ActiveGrant[] = [];
  for (const g of grants) {
    if (!subjectMatches(principal, g.subject)) continue;
    mine.push(g);
    let set = roles.get(g.tenantId);
    if (!set) roles.set(g.tenantId, (set = new Set()));
    set.add(g.role);
  }
  const byAdmin = (permission: Permission) => principal.isAdmin && ADMIN_PERMISSIONS.includes(permission);
  const can = (tenantId: string, permission: Permission) => {
    if (byAdmin(permission)) return true;
    const set = roles.get(tenantId);
    if (!set) return false;
    for (const r of set) if (roleAllows(r, permission)) return true;
    return false;
  };
  return {
    principal,
    roles,
    can,
    canGlobally: () => principal.isAdmin,
    tenantsWith: (permission) => {
      const candidates = byAdmin(permission) && opts.tenantIds ? new Set([...opts.tenantIds(), ...roles.keys()]) : roles.keys();
      return [...candidates].filter((t) => can(t, permission));
    },
    grantHolders: (tenantId, permission) => {
      const holders = new Map<string, ActiveGrant["subject"]>();
      for (const g of mine)
        if (g.tenantId === tenantId && roleAllows(g.role, permission)) holders.set(`${g.subject.kind}:${g.subject.id}`, g.subject);
      return [...holders.values()].sort((a, b) => Number(a.kind === "GROUP") - Number(b.kind === "GROUP"));
    },
  };
}
