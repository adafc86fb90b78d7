/**
 * Who is calling, as proven by a validated bearer token. Built once per request (or per WebSocket
 * connection) and never cached across callers.
 */
export interface Principal {
  /** Entra object id (`oid`) of a user; absent for app-only (client-credentials) tokens. */
  userId: string | null;
  /** Client app id (`azp` or `appid`) of the calling application. */
  appId: string | null;
  /** Display name for audit trails (`name`, else `preferred_username`, else the app id). */
  displayName: string;
  /** `preferred_username` (UPN) when present. */
  username: string | null;
  /** Entra group object ids from the `groups` claim. */
  groups: readonly string[];
  /**
   * True when `groups` is known to list every group of the caller: the token has a `groups` claim and no
   * overage marker (`_claim_names.groups` or `hasgroups`, which Entra sends instead of the list past 200
   * groups). When false, "not in `groups`" proves nothing about membership.
   */
  groupsComplete: boolean;
  /** App roles from the `roles` claim (e.g. `Gateway.Admin`). */
  appRoles: readonly string[];
  /** Holds the gateway-wide admin app role. */
  isAdmin: boolean;
  /** Token expiry, epoch seconds; sockets are closed with 4403 at this time. */
  expiresAt: number;
  /** Tenant the token was issued by (`tid`). */
  issuerTenantId: string | null;
}

/** A stable id for logs and audit: user id, else app id. */
export const principalId = (p: Principal): string => p.userId ?? `app:${p.appId ?? "unknown"}`;
