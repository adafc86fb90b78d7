import DataLoader from "dataloader";
import { ErrorCode, UpstreamError } from "../../errors/errors.js";
import type { DefenderMachine } from "../../upstream/defender.types.js";
import type { DeviceEvidence } from "../../upstream/upstream.types.js";
import type { Machine } from "./machine.type.js";

export interface MachineServiceDeps {
  /**
   * Whether a tenant's devices come with its alerts (Graph: `deviceEvidence`, zero upstream calls) or need a lookup
   * (legacy Defender API: batched `/api/machines`). Default: lookups for every tenant.
   */
  devicesFromEvidence?(tenantId: string): boolean;
  /** One upstream call (or a few, for long id lists) per tenant: `GET /api/machines?$filter=id eq … or …`. */
  fetchMachines(tenantId: string, ids: readonly string[]): Promise<DefenderMachine[]>;
  /** How long a fetched machine is reused across requests, ms. Default 5 minutes; 0 disables the cache. */
  cacheTtlMs: number;
  /** Upper bound on cached machines (oldest evicted first). Default 50,000. */
  cacheMaxEntries?: number;
  /**
   * Longest a request waits for on-demand machine calls, ms from the loader's creation (the request's
   * start; config `UPSTREAM_REQUEST_DEADLINE_MS`). Past it, the machines of tenants still waiting
   * resolve to an `UPSTREAM_UNAVAILABLE` error naming the tenant (the field is null, the rest of the
   * answer is on time); the call itself runs on and fills the cache for later requests. 0 = no deadline.
   * Default 3,000.
   */
  requestDeadlineMs?: number;
}

export interface MachineKey {
  tenantId: string;
  machineId: string;
}

const keyOf = (k: MachineKey) => `${k.tenantId}\u0000${k.machineId}`;
const date = (iso: string | null) => (iso ? new Date(iso) : null);

const toMachine = (tenantId: string, m: DefenderMachine): Machine => ({
  ...m,
  tenantId,
  firstSeen: date(m.firstSeen),
  lastSeen: date(m.lastSeen),
  machineTags: m.machineTags ?? [],
  ipAddresses: m.ipAddresses ?? [],
});

/**
 * Machines built from stored (frozen, so never changing) device evidence, per evidence object: a page of alerts with
 * devices asks for the same alerts' machines on every request. Weak, so a replaced or dropped alert takes its entry along.
 */
const fromStoredEvidence = new WeakMap<DeviceEvidence, Machine>();

/**
 * A device as Graph's `deviceEvidence` describes it (what the alert already carries; some machine fields stay null).
 * Built once per stored evidence and then shared: treat the result as read-only.
 */
export function machineFromEvidence(tenantId: string, d: DeviceEvidence): Machine {
  const known = fromStoredEvidence.get(d);
  if (known !== undefined && known.tenantId === tenantId) return known;
  const machine = buildMachine(tenantId, d);
  if (Object.isFrozen(d)) fromStoredEvidence.set(d, machine);
  return machine;
}

function buildMachine(tenantId: string, d: DeviceEvidence): Machine {
  return {
    id: d.mdeDeviceId ?? d.azureAdDeviceId ?? d.deviceDnsName ?? "",
    tenantId,
    computerDnsName: d.deviceDnsName ?? "",
    firstSeen: null,
    lastSeen: null,
    osPlatform: d.osPlatform,
    version: d.version,
    osBuild: d.osBuild,
    osArchitecture: null,
    onboardingStatus: d.onboardingStatus,
    lastIpAddress: d.ipAddresses[0] ?? null,
    lastExternalIpAddress: null,
    healthStatus: d.healthStatus,
    rbacGroupName: d.rbacGroupName,
    riskScore: d.riskScore,
    exposureLevel: null,
    deviceValue: null,
    aadDeviceId: d.azureAdDeviceId,
    machineTags: d.tags,
    ipAddresses: d.ipAddresses.map((ipAddress) => ({ ipAddress, macAddress: null, operationalStatus: null })),
  };
}

export type MachineService = ReturnType<typeof createMachineService>;

/**
 * Machines are fetched on demand (the index holds alerts only). A shared TTL cache serves repeats across
 * requests; per-request DataLoaders batch the misses of one response into one call per tenant.
 */
export function createMachineService(deps: MachineServiceDeps) {
  const maxEntries = deps.cacheMaxEntries ?? 50_000;
  // Map iteration order = insertion order, which makes it a cheap FIFO for eviction.
  const cache = new Map<string, { machine: Machine | null; expiresAt: number }>();

  const fromCache = (key: string): { machine: Machine | null } | undefined => {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= Date.now()) {
      cache.delete(key);
      return undefined;
    }
    return hit;
  };
  const remember = (key: string, machine: Machine | null) => {
    if (deps.cacheTtlMs <= 0) return;
    cache.delete(key);
    cache.set(key, { machine, expiresAt: Date.now() + deps.cacheTtlMs });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };

  const rememberFound = (tenantId: string, ids: Iterable<string>, found: readonly DefenderMachine[]) => {
    const byId = new Map(found.map((m) => [m.id, m]));
    const out = new Map<string, Machine | null>();
    for (const id of ids) {
      const m = byId.get(id);
      const machine = m ? toMachine(tenantId, m) : null;
      remember(keyOf({ tenantId, machineId: id }), machine);
      out.set(id, machine);
    }
    return out;
  };

  const requestDeadlineMs = deps.requestDeadlineMs ?? 3_000;

  /** The tenant's machines, or a rejection once the request's deadline (epoch ms, null = none) has passed. */
  const fetchBefore = (tenantId: string, ids: readonly string[], deadlineAt: number | null): Promise<DefenderMachine[]> => {
    const call = deps.fetchMachines(tenantId, ids);
    if (deadlineAt === null) return call;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(
            new UpstreamError(
              ErrorCode.UPSTREAM_UNAVAILABLE,
              `Defender API did not answer within the request deadline of ${requestDeadlineMs} ms`,
              tenantId,
            ),
          );
          // A late answer still serves the next request from the cache.
          call.then((found) => rememberFound(tenantId, ids, found)).catch(() => undefined);
        },
        Math.max(0, deadlineAt - Date.now()),
      );
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  };

  const batch = async (keys: readonly MachineKey[], deadlineAt: number | null): Promise<(Machine | null | Error)[]> => {
    const results = new Map<string, Machine | null | Error>();
    const missesByTenant = new Map<string, Set<string>>();
    for (const k of keys) {
      const cached = fromCache(keyOf(k));
      if (cached) results.set(keyOf(k), cached.machine);
      else {
        let set = missesByTenant.get(k.tenantId);
        if (!set) missesByTenant.set(k.tenantId, (set = new Set()));
        set.add(k.machineId);
      }
    }
    await Promise.all(
      [...missesByTenant].map(async ([tenantId, ids]) => {
        try {
          const found = await fetchBefore(tenantId, [...ids], deadlineAt);
          for (const [id, machine] of rememberFound(tenantId, ids, found)) results.set(keyOf({ tenantId, machineId: id }), machine);
        } catch (e) {
          // One tenant's failure becomes an error on its fields only: the others still answer.
          for (const id of ids) results.set(keyOf({ tenantId, machineId: id }), e as Error);
        }
      }),
    );
    return keys.map((k) => results.get(keyOf(k)) ?? null);
  };

  return {
    /**
     * The device of an alert: from its device evidence on tenants whose API carries it (no upstream call), else through
     * the request's loader (one batched lookup per tenant). Null when the alert names no device.
     */
    machineOf(
      alert: { tenantId: string; machineId?: string | null; device?: DeviceEvidence | null },
      loader: DataLoader<MachineKey, Machine | null, string>,
    ): Machine | null | Promise<Machine | null> {
      if (deps.devicesFromEvidence?.(alert.tenantId)) return alert.device ? machineFromEvidence(alert.tenantId, alert.device) : null;
      if (!alert.machineId) return null;
      return loader.load({ tenantId: alert.tenantId, machineId: alert.machineId });
    },
    /** A loader for one request; never share it between requests (it caches per caller). */
    createLoader: () => {
      const deadlineAt = requestDeadlineMs > 0 ? Date.now() + requestDeadlineMs : null;
      return new DataLoader<MachineKey, Machine | null, string>((keys) => batch(keys, deadlineAt), {
        cacheKeyFn: keyOf,
        maxBatchSize: 1_000,
      });
    },
    clearCache: () => cache.clear(),
  };
}
