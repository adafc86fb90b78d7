import { createHash } from "node:crypto";
import type { RoleName, SubjectKind } from "../../auth/access.vocabulary.js";

/**
 * The stored shape of access grants and their pure rules (status, expiry, transitions). JSON-safe: ISO
 * strings, no Dates, so a record reads the same from memory, the data file and Redis.
 */

/** DocumentStore collection of grant records, keyed by grant id. */
export const GRANTS_COLLECTION = "access-grants";
/**
 * DocumentStore collection of "open" pointers, keyed by {@link openKey}: the id of the latest request for
 * one tenant + subject + role. Compare-and-set on it makes duplicate requests impossible even when two
 * arrive at once on different replicas.
 */
export const OPEN_KEYS_COLLECTION = "access-grant-open";
/** DocumentStore collection of per-tenant grant policies, keyed by tenant id. */
export const POLICIES_COLLECTION = "access-grant-policies";

export const GRANT_STATUSES = ["PENDING", "APPROVED", "DENIED", "REVOKED", "EXPIRED"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** Justification and reasons: 1–1000 characters after trimming. */
export const TEXT_MAX = 1_000;

/** Who did something: a user id (`oid`), `app:<appId>`, or a pseudo-actor (`config`, `system`). */
export interface GrantActor {
  id: string;
  displayName: string;
}

export const CONFIG_ACTOR: GrantActor = { id: "config", displayName: "Configuration" };
export const SYSTEM_ACTOR: GrantActor = { id: "system", displayName: "Gateway (automatic expiry)" };

export interface GrantSubject {
  kind: SubjectKind;
  id: string;
  displayName: string | null;
}

/** One status change in a grant's audit trail. `from` is null for the creating transition. */
export interface GrantTransition {
  at: string;
  by: GrantActor;
  from: GrantStatus | null;
  to: GrantStatus;
  reason: string | null;
}

export interface GrantRecord {
  id: string;
  tenantId: string;
  subject: GrantSubject;
  role: RoleName;
  status: GrantStatus;
  /** `REQUEST` for grants made through the API, `CONFIG` for seeds (never stored, never expire). */
  source: "REQUEST" | "CONFIG";
  justification: string;
  requestedBy: GrantActor;
  requestedAt: string;
  decidedBy: GrantActor | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** Set on approval from the tenant's policy; null for pending/denied requests and for seeds. */
  expiresAt: string | null;
  history: GrantTransition[];
}

/** A grant from the configuration (bootstrap seeds; the config schema's `seedGrants` entries have this shape). */
export interface GrantSeed {
  /** Tenant id, or `*` for every registered tenant. */
  tenantId: string;
  subject: { kind: SubjectKind; id: string; displayName?: string };
  role: RoleName;
}

/** Per-tenant policy document. */
export interface GrantPolicyRecord {
  tenantId: string;
  grantTtlSeconds: number;
  updatedBy: GrantActor;
  updatedAt: string;
}

/** Key of the open-request pointer of one tenant + subject + role. */
export const openKey = (g: Pick<GrantRecord, "tenantId" | "subject" | "role">): string =>
  `${g.tenantId}|${g.subject.kind}|${g.subject.id}|${g.role}`;

/** An approved grant whose `expiresAt` has passed. */
export const isLapsed = (g: GrantRecord, nowMs: number): boolean =>
  g.status === "APPROVED" && g.expiresAt !== null && Date.parse(g.expiresAt) <= nowMs;

/**
 * The record as it stands at `nowMs`: an approved grant past its `expiresAt` is EXPIRED, with the
 * automatic transition (at the expiry time) appended to its history. Returns the same object when
 * nothing changed, so callers can tell whether to persist.
 */
export function withExpiry(g: GrantRecord, nowMs: number): GrantRecord {
  if (!isLapsed(g, nowMs)) return g;
  return {
    ...g,
    status: "EXPIRED",
    history: [
      ...g.history,
      { at: g.expiresAt!, by: SYSTEM_ACTOR, from: "APPROVED", to: "EXPIRED", reason: "the grant reached its expiry time" },
    ],
  };
}

/** Authorizes right now: approved and not past its expiry. */
export const isActive = (g: GrantRecord, nowMs: number): boolean => g.status === "APPROVED" && !isLapsed(g, nowMs);

/** Still occupies its tenant + subject + role slot: pending, or active. */
export const isOpen = (g: GrantRecord, nowMs: number): boolean => g.status === "PENDING" || isActive(g, nowMs);

/** Applies a transition: new status, fields, and one history entry. */
export function transition(
  g: GrantRecord,
  to: GrantStatus,
  by: GrantActor,
  at: string,
  reason: string | null,
  fields: Partial<Pick<GrantRecord, "decidedBy" | "decidedAt" | "decisionReason" | "expiresAt">> = {},
): GrantRecord {
  return { ...g, ...fields, status: to, history: [...g.history, { at, by, from: g.status, to, reason }] };
}

/** Deterministic id of a seed grant (stable across replicas and restarts). */
export const seedGrantId = (tenantId: string, subject: { kind: SubjectKind; id: string }, role: RoleName): string =>
  `seed-${createHash("sha256").update(`${tenantId}|${subject.kind}|${subject.id}|${role}`).digest("hex").slice(0, 16)}`;

/**
 * Config seeds as grant records: APPROVED, requested and decided by `config`, never expiring. A `*` tenant
 * expands to every registered tenant. `at` stands in for the request time (the start of this process).
 */
export function seedRecords(seeds: readonly GrantSeed[], tenantIds: readonly string[], at: string): GrantRecord[] {
  const out = new Map<string, GrantRecord>();
  for (const s of seeds) {
    for (const tenantId of s.tenantId === "*" ? tenantIds : [s.tenantId]) {
      const id = seedGrantId(tenantId, s.subject, s.role);
      if (out.has(id)) continue;
      out.set(id, {
        id,
        tenantId,
        subject: { kind: s.subject.kind, id: s.subject.id, displayName: s.subject.displayName ?? null },
        role: s.role,
        status: "APPROVED",
        source: "CONFIG",
        justification: "Seeded by the gateway configuration.",
        requestedBy: CONFIG_ACTOR,
        requestedAt: at,
        decidedBy: CONFIG_ACTOR,
        decidedAt: at,
        decisionReason: null,
        expiresAt: null,
        history: [{ at, by: CONFIG_ACTOR, from: null, to: "APPROVED", reason: "seeded by configuration" }],
      });
    }
  }
  return [...out.values()];
}
