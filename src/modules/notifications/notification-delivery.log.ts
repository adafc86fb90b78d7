import type { DocumentStore } from "../../store/store.types.js";
import { deliveriesCollection, type DeliveryStatus, isTerminal, type StoredDelivery } from "./notification.model.js";

/** The queryable record of every notification sent (or not) per rule, newest first, bounded per rule. */
export interface DeliveryLog {
  /** Writes a new record; false when a record with this id already exists (another replica has it). */
  create(d: StoredDelivery): Promise<boolean>;
  save(d: StoredDelivery): Promise<void>;
  get(ruleId: string, id: string): Promise<StoredDelivery | null>;
  list(ruleId: string, opts: { first: number; status?: DeliveryStatus | null; test?: boolean | null }): Promise<StoredDelivery[]>;
  /** Drops the whole log of a deleted rule. */
  dropRule(ruleId: string): Promise<void>;
}

export function createDeliveryLog(documents: DocumentStore, opts: { maxPerRule: number }): DeliveryLog {
  const writesSincePrune = new Map<string, number>();

  /** Keeps the newest `maxPerRule` finished records of a rule; runs every few terminal writes. */
  const maybePrune = async (ruleId: string) => {
    const n = (writesSincePrune.get(ruleId) ?? 0) + 1;
    writesSincePrune.set(ruleId, n);
    if (n < Math.max(10, Math.floor(opts.maxPerRule / 10))) return;
    writesSincePrune.set(ruleId, 0);
    const all = (await documents.list<StoredDelivery>(deliveriesCollection(ruleId))).map((d) => d.value);
    if (all.length <= opts.maxPerRule) return;
    const old = all
      .filter((d) => isTerminal(d.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(opts.maxPerRule);
    await Promise.all(old.map((d) => documents.delete(deliveriesCollection(ruleId), d.id)));
  };

  return {
    async create(d) {
      try {
        await documents.put(deliveriesCollection(d.ruleId), d.id, d, 0);
        return true;
      } catch (e) {
        if ((e as { extensions?: { code?: string } }).extensions?.code === "CONFLICT") return false;
        throw e;
      }
    },
    async save(d) {
      await documents.put(deliveriesCollection(d.ruleId), d.id, d);
      if (isTerminal(d.status)) await maybePrune(d.ruleId).catch(() => undefined);
    },
    async get(ruleId, id) {
      return (await documents.get<StoredDelivery>(deliveriesCollection(ruleId), id))?.value ?? null;
    },
    async list(ruleId, q) {
      const all = (await documents.list<StoredDelivery>(deliveriesCollection(ruleId))).map((d) => d.value);
      return all
        .filter((d) => (!q.status || d.status === q.status) && (q.test == null || d.test === q.test))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
        .slice(0, q.first);
    },
    async dropRule(ruleId) {
      const all = await documents.list<StoredDelivery>(deliveriesCollection(ruleId));
      await Promise.all(all.map((d) => documents.delete(deliveriesCollection(ruleId), d.value.id)));
      writesSincePrune.delete(ruleId);
    },
  };
}
