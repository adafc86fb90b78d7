import type { RoleName, SubjectKind } from "../config/config.js";
import type { Principal } from "./principal.js";

/** What a role allows on one tenant. The single table every service checks against. */
export const Permission = {
  READ_ALERTS: "READ_ALERTS",
  WRITE_ALERTS: "WRITE_ALERTS",
  READ_RULES: "READ_RULES",
  WRITE_RULES: "WRITE_RULES",
  DECIDE_GRANTS: "DECIDE_GRANTS",
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  TIER1_ANALYST: [Permission.READ_ALERTS, Permission.READ_RULES],
  TIER2_ANALYST: [Permission.READ_ALERTS, Permission.READ_RULES, Permission.WRITE_ALERTS, Permission.WRITE_RULES],
  APPROVER: [Permission.DECIDE_GRANTS],
};

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

/** The caller's effective roles per tenant, computed once per request / per event check. */
export interface AccessScope {
  readonly principal: Principal;
  readonly roles: ReadonlyMap<string, ReadonlySet<RoleName>>;
  can(tenantId: string, permission: Permission): boolean;
  /** Tenants on which the caller holds `permission`. */
  tenantsWith(permission: Permission): string[];
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

export function buildAccessScope(principal: Principal, grants: readonly ActiveGrant[]): AccessScope {
  const roles = new Map<string, Set<RoleName>>();
  for (const g of grants) {
    if (!subjectMatches(principal, g.subject)) continue;
    let set = roles.get(g.tenantId);
    if (!set) roles.set(g.tenantId, (set = new Set()));
    set.add(g.role);
  }
  const can = (tenantId: string, permission: Permission) => {
    const set = roles.get(tenantId);
    if (!set) return false;
    for (const r of set) if (ROLE_PERMISSIONS[r].includes(permission)) return true;
    return false;
  };
  return {
    principal,
    roles,
    can,
    tenantsWith: (permission) => [...roles.keys()].filter((t) => can(t, permission)),
  };
}
