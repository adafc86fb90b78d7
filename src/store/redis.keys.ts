/**
 * Every Redis key of the store. Per-tenant keys share the hash tag `{t:<tenantId>}` so one Lua script
 * can touch all of a tenant's keys in Redis Cluster; the event stream has its own slot.
 */
export function redisKeys(prefix: string) {
  const t = (tenantId: string) => `${prefix}{t:${tenantId}}`;
  const leaseBase = (name: string) => {
    const m = /^sync:(.+)$/.exec(name);
    return m ? `${t(m[1]!)}:lease` : `${prefix}lease:{${name}}`;
  };
  return {
    tenants: `${prefix}tenants`,
    alerts: (tenantId: string) => `${t(tenantId)}:alerts`,
    syncedAt: (tenantId: string) => `${t(tenantId)}:synced`,
    updated: (tenantId: string) => `${t(tenantId)}:lu`,
    evented: (tenantId: string) => `${t(tenantId)}:ev`,
    claimed: (tenantId: string) => `${t(tenantId)}:cl`,
    lease: (name: string) => leaseBase(name),
    fence: (name: string) => `${leaseBase(name)}:fence`,
    events: `${prefix}{events}:alerts`,
    doc: (collection: string, id: string) => `${prefix}doc:{${collection}}:${id}`,
    docIds: (collection: string) => `${prefix}doc:{${collection}}:ids`,
    claim: (key: string) => `${prefix}claim:${key}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
