/**
 * Every Redis key of the store, in one place. Per-tenant keys share the hash tag `{t:<tenantId>}` so a
 * Lua script may touch all of one tenant's keys in Redis Cluster; leases named `<kind>:<tenantId>`
 * (e.g. `sync:<tenantId>`) live in their tenant's slot too, which keeps the fencing check of an upsert
 * inside one script. The alert event stream and its trim marker share `{events}`, the incident event stream
 * `{incident-events}`, the shared-indicator aggregate `{indicators}`; a collection's documents share `{<collection>}`.
 */
export function redisKeys(prefix: string) {
  const t = (tenantId: string) => `${prefix}{t:${tenantId}}`;
  const leaseBase = (name: string) => {
    const tenantId = leaseTenant(name);
    return tenantId !== null ? `${t(tenantId)}:lease:${name}` : `${prefix}{lease:${name}}:lease`;
  };
  return {
    /** Hash id → alert JSON. */
    alerts: (tenantId: string) => `${t(tenantId)}:alerts`,
    /** Hash id → ISO time the alert was last synced. */
    synced: (tenantId: string) => `${t(tenantId)}:synced`,
    /** Hash id → JSON `AlertFacets` (what filters read, without the heavy alert). */
    facets: (tenantId: string) => `${t(tenantId)}:facets`,
    /** Set of alert ids whose stored version has no acknowledged event yet (what the sweep reads). */
    pending: (tenantId: string) => `${t(tenantId)}:pending`,
    /** Hash id → JSON write state (stored/evented/claimed time keys, open, severity) for the Lua CAS. */
    state: (tenantId: string) => `${t(tenantId)}:state`,
    /** Sorted sets, all scores 0, members `<time key>:<id>`: lexicographic = (time, id) order. */
    byUpdated: (tenantId: string) => `${t(tenantId)}:by-updated`,
    byCreated: (tenantId: string) => `${t(tenantId)}:by-created`,
    /** Counter bumped by every upsert that changed an alert (validates cached filtered counts). */
    version: (tenantId: string) => `${t(tenantId)}:version`,
    /** Hash severity → number of open alerts (gateway values; Defender spellings in data written before the Graph switch). */
    open: (tenantId: string) => `${t(tenantId)}:open`,
    /** `SET NX PX` lease holding `<token>|<holder>`. */
    lease: (name: string) => leaseBase(name),
    /** INCR counter: the lease's latest fencing token. */
    fence: (name: string) => `${leaseBase(name)}:fence`,
    events: `${prefix}{events}:alerts`,
    /** Newest time key evented of one alert, in the stream's slot (what makes appendChange idempotent). */
    eventMarker: (tenantId: string, alertId: string) => `${prefix}{events}:ev:${tenantId}:${alertId}`,
    /** Id of the newest entry trimmed from the stream (what makes older cursors expire). */
    eventsTrimmed: `${prefix}{events}:trimmed`,
    /** The incident index: the alert index's layout (see `SortedIndexKeys`) under `:inc:` in the tenant's slot. */
    incidents: {
      items: (tenantId: string) => `${t(tenantId)}:inc:items`,
      synced: (tenantId: string) => `${t(tenantId)}:inc:synced`,
      facets: (tenantId: string) => `${t(tenantId)}:inc:facets`,
      state: (tenantId: string) => `${t(tenantId)}:inc:state`,
      pending: (tenantId: string) => `${t(tenantId)}:inc:pending`,
      byUpdated: (tenantId: string) => `${t(tenantId)}:inc:by-updated`,
      byCreated: (tenantId: string) => `${t(tenantId)}:inc:by-created`,
      version: (tenantId: string) => `${t(tenantId)}:inc:version`,
      open: (tenantId: string) => `${t(tenantId)}:inc:open`,
      fence: (name: string) => `${leaseBase(name)}:fence`,
    },
    /** The incident event stream, its trim marker and per-incident markers: a slot of their own (`{incident-events}`). */
    incidentEvents: `${prefix}{incident-events}:incidents`,
    incidentEventMarker: (tenantId: string, incidentId: string) => `${prefix}{incident-events}:ev:${tenantId}:${incidentId}`,
    incidentEventsTrimmed: `${prefix}{incident-events}:trimmed`,
    /** The shared-indicator aggregate: one slot of its own, `{indicators}` (why: see redis.indicator-index.ts). */
    indicators: {
      /** Hash alert id → JSON contribution of the alert's applied version. */
      contributions: (tenantId: string) => `${prefix}{indicators}:alerts:${tenantId}`,
      /** Hash `<token>\n<tenantId>` → JSON stats of one token at one tenant. */
      stats: `${prefix}{indicators}:stats`,
      /** Lexicographic sorted set of `<token>\n<tenantId>`: the tenants of each token. */
      tenants: `${prefix}{indicators}:tenants`,
      /** Lexicographic sorted set of `<tenantId>\n<lastSeen time key>\n<token>` for tokens at least two tenants saw. */
      shared: `${prefix}{indicators}:shared`,
    },
    doc: (collection: string, id: string) => `${prefix}doc:{${collection}}:${id}`,
    docIds: (collection: string) => `${prefix}doc:{${collection}}:ids`,
    claim: (key: string) => `${prefix}claim:${key}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/** The tenant a lease name like `sync:<tenantId>` belongs to, or null. */
export function leaseTenant(name: string): string | null {
  const m = /^[A-Za-z0-9_-]+:(.+)$/.exec(name);
  return m ? m[1] : null;
}
