import type { Lease, LeaseManager } from "./store.types.js";

export interface MemoryLeases extends LeaseManager {
  /** Latest fencing token handed out for a lease name (0 if never). */
  currentToken(name: string): number;
}

export function createMemoryLeases(): MemoryLeases {
  const leases = new Map<string, { holder: string; token: number; expiresAt: number }>();
  const tokens = new Map<string, number>();
  return {
    async acquire(name, holder, ttlMs) {
      const now = Date.now();
      const cur = leases.get(name);
      if (cur && cur.expiresAt > now && cur.holder !== holder) return null;
      const token = (tokens.get(name) ?? 0) + 1;
      tokens.set(name, token);
      leases.set(name, { holder, token, expiresAt: now + ttlMs });
      return { name, holder, token };
    },
    async renew(lease: Lease, ttlMs) {
      const cur = leases.get(lease.name);
      if (!cur || cur.holder !== lease.holder || cur.token !== lease.token || cur.expiresAt <= Date.now()) return false;
      cur.expiresAt = Date.now() + ttlMs;
      return true;
    },
    async release(lease: Lease) {
      const cur = leases.get(lease.name);
      if (cur && cur.holder === lease.holder && cur.token === lease.token) leases.delete(lease.name);
    },
    currentToken: (name) => tokens.get(name) ?? 0,
  };
}
