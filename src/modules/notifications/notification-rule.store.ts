import type { DocumentStore, Versioned } from "../../store/store.types.js";
import { RULES_COLLECTION, type StoredNotificationRule } from "./notification.model.js";

/** Persistence of notification rules in the DocumentStore, plus a short-lived per-process cache for the worker. */
export interface RuleStore {
  get(id: string): Promise<Versioned<StoredNotificationRule> | null>;
  list(): Promise<StoredNotificationRule[]>;
  /** Enabled and disabled rules of one tenant, served from a cache at most `cacheMs` old (for the delivery worker). */
  forTenant(tenantId: string): Promise<StoredNotificationRule[]>;
  /** Compare-and-set write (0 = must not exist); throws CONFLICT when someone else wrote first. */
  put(rule: StoredNotificationRule, expectedVersion: number): Promise<number>;
  delete(id: string): Promise<boolean>;
}

export function createRuleStore(documents: DocumentStore, opts: { cacheMs: number; now?: () => number }): RuleStore {
  const now = opts.now ?? Date.now;
  let cache: { at: number; byTenant: Promise<Map<string, StoredNotificationRule[]>> } | null = null;
  const invalidate = () => {
    cache = null;
  };
  const list = async () => (await documents.list<StoredNotificationRule>(RULES_COLLECTION)).map((d) => d.value);

  return {
    get: (id) => documents.get<StoredNotificationRule>(RULES_COLLECTION, id),
    list,
    async forTenant(tenantId) {
      if (!cache || now() - cache.at > opts.cacheMs) {
        const byTenant = list().then((rules) => {
          const m = new Map<string, StoredNotificationRule[]>();
          for (const r of rules) m.set(r.tenantId, [...(m.get(r.tenantId) ?? []), r]);
          return m;
        });
        cache = { at: now(), byTenant };
        byTenant.catch(invalidate);
      }
      return (await cache.byTenant).get(tenantId) ?? [];
    },
    async put(rule, expectedVersion) {
      try {
        return await documents.put(RULES_COLLECTION, rule.id, rule, expectedVersion);
      } finally {
        invalidate();
      }
    },
    async delete(id) {
      try {
        return await documents.delete(RULES_COLLECTION, id);
      } finally {
        invalidate();
      }
    },
  };
}
