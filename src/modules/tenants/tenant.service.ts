import type { UpstreamApi as UpstreamApiName } from "../../upstream/upstream.types.js";
import { upstreamApiEnum } from "../common/upstream-api.enum.js";
import { type AccessScope, Permission } from "../../auth/roles.js";
import type { DocumentStore } from "../../store/store.types.js";
import { syncLagSeconds } from "../../sync/sync.lag.js";
import type { SyncStatus } from "../../sync/sync.types.js";
import { SYNC_STATUS_COLLECTION } from "../../sync/sync.types.js";
import { tenantPortalUrl } from "../common/portal.urls.js";
import type { TenantRegistry } from "./tenant.registry.js";
import type { AlertIndex } from "../../store/store.types.js";
import { type Tenant, type TenantSync, UpstreamState } from "./tenant.type.js";

export interface TenantServiceDeps {
  registry: TenantRegistry;
  documents: DocumentStore;
  index: AlertIndex;
  budgetLeft(tenantId: string): Promise<{ minute: number; hour: number } | null>;
  /** The API the tenant is synced from. */
  apiOf(tenantId: string): UpstreamApiName;
}

export type TenantService = ReturnType<typeof createTenantService>;

type RegistryTenant = { id: string; name: string; region: string };

/** One Tenant per registry entry, shared by every request (`alert { tenant { name } }` asks once per alert). */
const tenants = new WeakMap<RegistryTenant, Tenant>();

const toTenant = (t: RegistryTenant): Tenant => {
  let tenant = tenants.get(t);
  if (!tenant) {
    tenant = Object.freeze({ id: t.id, name: t.name, region: t.region, portalUrl: tenantPortalUrl(t.id) });
    tenants.set(t, tenant);
  }
  return tenant;
};

const stateOf = (s: SyncStatus | null): UpstreamState => {
  if (!s?.lastAttemptAt) return UpstreamState.PENDING;
  if (!s.lastErrorCode) return UpstreamState.HEALTHY;
  switch (s.lastErrorCode) {
    case "UPSTREAM_THROTTLED":
      return UpstreamState.THROTTLED;
    case "UPSTREAM_AUTH_FAILED":
      return UpstreamState.AUTH_FAILED;
    case "UPSTREAM_UNAVAILABLE":
      return UpstreamState.UNAVAILABLE;
    default:
      return UpstreamState.DEGRADED;
  }
};

export function createTenantService(deps: TenantServiceDeps) {
  /** Visible to anyone holding any role on it, and to gateway admins (the admin rule lives in auth/). */
  const visible = (scope: AccessScope, id: string) => scope.can(id, Permission.VIEW_TENANT);

  return {
    list(scope: AccessScope): Tenant[] {
      return deps.registry
        .list()
        .filter((t) => visible(scope, t.id))
        .map(toTenant);
    },
    /** Null both when the tenant does not exist and when the caller may not see it. */
    get(scope: AccessScope, id: string): Tenant | null {
      const t = deps.registry.get(id);
      return t && visible(scope, id) ? toTenant(t) : null;
    },
    /** Unchecked lookup for field resolvers whose parent was already authorized (e.g. Alert.tenant). */
    byId(id: string): Tenant | null {
      const t = deps.registry.get(id);
      return t ? toTenant(t) : null;
    },
    async sync(tenantId: string): Promise<TenantSync> {
      const [doc, indexed, budget] = await Promise.all([
        deps.documents.get<SyncStatus>(SYNC_STATUS_COLLECTION, tenantId),
        deps.index.count(tenantId),
        deps.budgetLeft(tenantId).catch(() => null),
      ]);
      const s = doc?.value ?? null;
      const lastSuccess = s?.lastSuccessAt ? new Date(s.lastSuccessAt) : null;
      return {
        lastSuccessAt: lastSuccess,
        lastAttemptAt: s?.lastAttemptAt ? new Date(s.lastAttemptAt) : null,
        lagSeconds: lastSuccess ? Math.round(syncLagSeconds(s) ?? 0) : null,
        upstreamState: stateOf(s),
        lastError: s?.lastError ?? null,
        backfilled: s?.backfilled ?? false,
        indexedAlerts: indexed,
        budgetLeftThisMinute: budget?.minute ?? null,
        budgetLeftThisHour: budget?.hour ?? null,
        syncedBy: s?.holder ?? null,
        upstreamApi: upstreamApiEnum(deps.apiOf(tenantId)),
      };
    },
  };
}
