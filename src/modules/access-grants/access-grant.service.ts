import { randomUUID } from "node:crypto";
import { isRoleName, isSubjectKind, ROLE_NAMES, SUBJECT_KINDS, type RoleName, type SubjectKind } from "../../auth/access.vocabulary.js";
import { GatewayPermission, type AccessScope } from "../../auth/roles.js";
import { badInput, conflict, ErrorCode, forbidden, GatewayError, notFound } from "../../errors/errors.js";
import { VersionConflictError } from "../../store/store.errors.js";
import type { DocumentStore, Versioned } from "../../store/store.types.js";
import { actorOf, canDecideOn, canRevoke, canSee, isSelfDecision, unknownGroupMembership } from "./access-grant.authz.js";
import {
  GRANTS_COLLECTION,
  type GrantPolicyRecord,
  type GrantRecord,
  type GrantStatus,
  type GrantSubject,
  isOpen,
  OPEN_KEYS_COLLECTION,
  openKey,
  POLICIES_COLLECTION,
  TEXT_MAX,
  transition,
  withExpiry,
} from "./access-grant.record.js";
import { toAccessGrant } from "./access-grant.mapper.js";
import type { AccessGrantSource } from "./access-grant.source.js";
import type { AccessGrant } from "./access-grant.type.js";

/** Bounds of a tenant's grant lifetime policy, in seconds: 1 second (tests, drills) to 10 years. */
export const POLICY_TTL_SECONDS = { min: 1, max: 10 * 365 * 86_400 } as const;
const SUBJECT_TEXT_MAX = 256;

export interface AccessGrantServiceDeps {
  documents: DocumentStore;
  /** The grant source authorization reads from: gives the seeds, and is invalidated after each write. */
  source: AccessGrantSource;
  /** True when the tenant is registered. */
  tenantExists(tenantId: string): boolean;
  /** Lifetime of an approved grant when its tenant has no policy, ms (`GRANT_DEFAULT_TTL_DAYS`). */
  defaultTtlMs: number;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** New grant ids. Default random UUIDs. */
  newId?: () => string;
  /** Called after every stored change of a grant (after the write succeeded). */
  onChange?: (grant: GrantRecord) => void;
}

export interface RequestAccessParams {
  tenantId: string;
  role: RoleName;
  justification: string;
  /** Defaults to the caller. Only admins may name someone else, a group or an app. */
  subject?: { kind: SubjectKind; id: string; displayName?: string | null } | null;
}

export interface GrantPolicy {
  tenantId: string;
  grantTtlSeconds: number;
  /** True when the tenant has no policy of its own and the gateway default applies. */
  isDefault: boolean;
}

export type AccessGrantService = ReturnType<typeof createAccessGrantService>;

/** The open pointer of a tenant + subject + role: its latest request, and when the pointer was written (absent before 2026-11-30). */
interface OpenPointer {
  grantId: string;
  at?: string;
}

/**
 * How long a pointer whose grant record is missing counts as a request still being filed, ms: the record is written
 * right after the pointer, so only a writer that died in between leaves one for longer; then a new request may take
 * the pointer over.
 */
const IN_FLIGHT_MS = 30_000;

const text = (value: string | null | undefined, field: string, required: boolean, max = TEXT_MAX): string | null => {
  const v = value?.trim() ?? "";
  if (v.length === 0) {
    if (required) throw badInput(`${field}: expected 1 to ${max} characters, but got none`, field);
    return null;
  }
  if (v.length > max) throw badInput(`${field}: expected 1 to ${max} characters, but got ${v.length}`, field);
  return v;
};

const byNewest = (a: GrantRecord, b: GrantRecord) => b.requestedAt.localeCompare(a.requestedAt) || a.id.localeCompare(b.id);

/**
 * The MSSP access workflow: requests, decisions, revocations, expiry, and per-tenant lifetime policy.
 * Every method checks the caller first; a grant the caller may not see answers exactly like a grant
 * that does not exist. Concurrent writes to one grant are compare-and-set: exactly one wins.
 */
export function createAccessGrantService(deps: AccessGrantServiceDeps) {
  const { documents, source } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomUUID;

  /** Persists a lazily computed expiry; losing the race to another writer is fine (they wrote newer state). */
  const persistExpiry = async (doc: Versioned<GrantRecord>, current: GrantRecord): Promise<void> => {
    if (current === doc.value || current.source === "CONFIG") return;
    try {
      await documents.put(GRANTS_COLLECTION, current.id, current, doc.version);
      source.invalidate();
      deps.onChange?.(current);
    } catch (e) {
      if (!(e instanceof VersionConflictError)) throw e;
    }
  };

  /** A grant with its store version (0 for seeds) as it stands now, expiry applied and persisted. */
  const load = async (id: string): Promise<Versioned<GrantRecord> | null> => {
    const seed = source.seeds().find((g) => g.id === id);
    if (seed) return { value: seed, version: 0 };
    const doc = await documents.get<GrantRecord>(GRANTS_COLLECTION, id);
    if (!doc) return null;
    const current = withExpiry(doc.value, now());
    if (current === doc.value) return doc;
    await persistExpiry(doc, current);
    return { value: current, version: doc.version + 1 };
  };

  const loadVisible = async (scope: AccessScope, id: string): Promise<Versioned<GrantRecord>> => {
    const found = await load(id);
    if (!found || !canSee(scope, found.value)) throw notFound(`access grant ${id} was not found`);
    return found;
  };

  const policy = async (tenantId: string): Promise<GrantPolicy> => {
    const doc = await documents.get<GrantPolicyRecord>(POLICIES_COLLECTION, tenantId);
    if (doc) return { tenantId, grantTtlSeconds: doc.value.grantTtlSeconds, isDefault: false };
    return { tenantId, grantTtlSeconds: Math.round(deps.defaultTtlMs / 1000), isDefault: true };
  };

  /** Writes `next` over version `expected`; on a lost race, says what the winner did. */
  const write = async (next: GrantRecord, expected: number): Promise<GrantRecord> => {
    try {
      await documents.put(GRANTS_COLLECTION, next.id, next, expected);
    } catch (e) {
      if (!(e instanceof VersionConflictError)) throw e;
      const winner = await load(next.id);
      throw conflict(
        `access grant ${next.id} was changed by someone else at the same time${winner ? ` and is now ${winner.value.status}` : ""}; reload it before deciding again`,
      );
    }
    source.invalidate();
    deps.onChange?.(next);
    return next;
  };

  const notFromConfig = (g: GrantRecord) => {
    if (g.source === "CONFIG")
      throw badInput(`access grant ${g.id} comes from the gateway configuration; change the configuration to change it`, "id");
  };

  const decide = async (scope: AccessScope, id: string, to: "APPROVED" | "DENIED", reasonInput: string | null | undefined) => {
    const reason = text(reasonInput, "reason", false);
    const { value: g, version } = await loadVisible(scope, id);
    notFromConfig(g);
    const verb = to === "APPROVED" ? "approve" : "deny";
    if (!canDecideOn(scope, g.tenantId))
      throw forbidden(`only an APPROVER of the tenant or a gateway admin may ${verb} access grant ${id}`);
    if (isSelfDecision(scope.principal, g))
      throw forbidden(`you cannot ${verb} a request you made or that grants you access; another approver must decide it`);
    const unknown = unknownGroupMembership(scope.principal, g);
    if (unknown) throw forbidden(`you cannot ${verb} access grant ${id}: ${unknown}`, g.tenantId);
    if (g.status !== "PENDING") throw conflict(`access grant ${id} is ${g.status}: only PENDING requests can be decided`);
    const at = new Date(now()).toISOString();
    const by = actorOf(scope.principal);
    const expiresAt = to === "APPROVED" ? new Date(Date.parse(at) + (await policy(g.tenantId)).grantTtlSeconds * 1000).toISOString() : null;
    return write(transition(g, to, by, at, reason, { decidedBy: by, decidedAt: at, decisionReason: reason, expiresAt }), version);
  };

  const resolveSubject = (scope: AccessScope, input: RequestAccessParams["subject"]): GrantSubject => {
    const p = scope.principal;
    const self: GrantSubject = p.userId
      ? { kind: "USER", id: p.userId, displayName: p.displayName }
      : { kind: "APP", id: p.appId ?? "", displayName: p.displayName };
    if (!input) return self;
    if (!isSubjectKind(input.kind)) throw badInput(`subject.kind: expected one of ${SUBJECT_KINDS.join(", ")}`, "input.subject.kind");
    const id = text(input.id, "input.subject.id", true, SUBJECT_TEXT_MAX)!;
    if (input.kind === self.kind && id === self.id)
      return { ...self, displayName: text(input.displayName, "input.subject.displayName", false, SUBJECT_TEXT_MAX) ?? self.displayName };
    if (!scope.canGlobally(GatewayPermission.REQUEST_FOR_OTHERS))
      throw forbidden("only a gateway admin may request access for a group, an app or another user; omit subject to request for yourself");
    return { kind: input.kind, id, displayName: text(input.displayName, "input.subject.displayName", false, SUBJECT_TEXT_MAX) };
  };

  return {
    policy,

    /** Grants the caller may see, newest request first; `tenantId` and `status` narrow the list. */
    async list(scope: AccessScope, filter: { tenantId?: string | null; status?: GrantStatus | null } = {}): Promise<AccessGrant[]> {
      const t = now();
      const docs = await documents.list<GrantRecord>(GRANTS_COLLECTION);
      const stored = await Promise.all(
        docs.map(async (doc) => {
          const current = withExpiry(doc.value, t);
          await persistExpiry(doc, current);
          return current;
        }),
      );
      return [...source.seeds(), ...stored]
        .filter(
          (g) => (!filter.tenantId || g.tenantId === filter.tenantId) && (!filter.status || g.status === filter.status) && canSee(scope, g),
        )
        .sort(byNewest)
        .map((g) => toAccessGrant(g, t));
    },

    /** One grant; null when it does not exist or the caller may not see it. */
    async get(scope: AccessScope, id: string): Promise<AccessGrant | null> {
      const found = await load(id);
      return found && canSee(scope, found.value) ? toAccessGrant(found.value, now()) : null;
    },

    /**
     * Files a PENDING request. A second request while one for the same tenant + subject + role is pending
     * or active is refused with CONFLICT (`extensions.grantId` names the existing one), also when both
     * arrive at the same moment on different replicas.
     */
    async request(scope: AccessScope, input: RequestAccessParams): Promise<AccessGrant> {
      const justification = text(input.justification, "input.justification", true)!;
      if (!isRoleName(input.role)) throw badInput(`role: expected one of ${ROLE_NAMES.join(", ")}`, "input.role");
      const subject = resolveSubject(scope, input.subject);
      if (!deps.tenantExists(input.tenantId)) throw notFound(`tenant ${input.tenantId} was not found`);
      const at = new Date(now()).toISOString();
      const by = actorOf(scope.principal);
      const g: GrantRecord = {
        id: newId(),
        tenantId: input.tenantId,
        subject,
        role: input.role,
        status: "PENDING",
        source: "REQUEST",
        justification,
        requestedBy: by,
        requestedAt: at,
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        expiresAt: null,
        history: [{ at, by, from: null, to: "PENDING", reason: justification }],
      };
      const key = openKey(g);
      const duplicate = (existingId: string, what: string) =>
        new GatewayError(`${what} for this tenant, subject and role already exists: access grant ${existingId}`, {
          code: ErrorCode.CONFLICT,
          grantId: existingId,
        });
      const seed = source.seeds().find((s) => openKey(s) === key);
      if (seed) throw duplicate(seed.id, "a grant from the configuration");
      const pointer = await documents.get<OpenPointer>(OPEN_KEYS_COLLECTION, key);
      if (pointer) {
        const existing = await load(pointer.value.grantId);
        if (existing && isOpen(existing.value, now()))
          throw duplicate(existing.value.id, existing.value.status === "PENDING" ? "a pending request" : "an active grant");
        // The pointer is written before its record: a pointer without a record yet is a request being filed right now
        // (on this or another replica), unless it is old enough that its writer died in between.
        if (!existing && now() - Date.parse(pointer.value.at ?? "") < IN_FLIGHT_MS)
          throw duplicate(pointer.value.grantId, "a request made at the same moment");
      }
      try {
        await documents.put<OpenPointer>(OPEN_KEYS_COLLECTION, key, { grantId: g.id, at }, pointer?.version ?? 0);
      } catch (e) {
        if (!(e instanceof VersionConflictError)) throw e;
        const winner = await documents.get<OpenPointer>(OPEN_KEYS_COLLECTION, key);
        throw duplicate(winner?.value.grantId ?? "unknown", "a request made at the same moment");
      }
      return toAccessGrant(await write(g, 0), now());
    },

    /** PENDING → APPROVED by an approver of the tenant or an admin (never the requester or subject). Sets `expiresAt` from the tenant's policy. */
    approve: async (scope: AccessScope, id: string): Promise<AccessGrant> =>
      toAccessGrant(await decide(scope, id, "APPROVED", null), now()),

    /** PENDING → DENIED, same rules as approval. */
    deny: async (scope: AccessScope, id: string, reason?: string | null): Promise<AccessGrant> =>
      toAccessGrant(await decide(scope, id, "DENIED", reason), now()),

    /** PENDING or APPROVED → REVOKED by an approver of the tenant, an admin, or the owner (withdraw / give up). */
    async revoke(scope: AccessScope, id: string, reasonInput?: string | null): Promise<AccessGrant> {
      const reason = text(reasonInput, "reason", false);
      const { value: g, version } = await loadVisible(scope, id);
      notFromConfig(g);
      if (!canRevoke(scope, g))
        throw forbidden(`only an APPROVER of the tenant, a gateway admin or its owner may revoke access grant ${id}`);
      if (g.status !== "PENDING" && g.status !== "APPROVED")
        throw conflict(`access grant ${id} is ${g.status}: only PENDING or APPROVED grants can be revoked`);
      return toAccessGrant(
        await write(transition(g, "REVOKED", actorOf(scope.principal), new Date(now()).toISOString(), reason), version),
        now(),
      );
    },

    /** Sets (or with null resets to the default) how long grants of a tenant last after approval. Admins only; applies to later approvals. */
    async setPolicy(scope: AccessScope, tenantId: string, grantTtlSeconds: number | null): Promise<GrantPolicy> {
      if (!scope.canGlobally(GatewayPermission.MANAGE_GRANT_POLICY))
        throw forbidden("changing an access grant policy needs the gateway admin role");
      if (!deps.tenantExists(tenantId)) throw notFound(`tenant ${tenantId} was not found`);
      if (grantTtlSeconds === null) {
        await documents.delete(POLICIES_COLLECTION, tenantId);
        return policy(tenantId);
      }
      if (!Number.isInteger(grantTtlSeconds) || grantTtlSeconds < POLICY_TTL_SECONDS.min || grantTtlSeconds > POLICY_TTL_SECONDS.max)
        throw badInput(
          `grantTtlSeconds: expected an integer from ${POLICY_TTL_SECONDS.min} to ${POLICY_TTL_SECONDS.max}, but got ${grantTtlSeconds}`,
          "input.grantTtlSeconds",
        );
      const record: GrantPolicyRecord = {
        tenantId,
        grantTtlSeconds,
        updatedBy: actorOf(scope.principal),
        updatedAt: new Date(now()).toISOString(),
      };
      await documents.put(POLICIES_COLLECTION, tenantId, record);
      return { tenantId, grantTtlSeconds, isDefault: false };
    },
  };
}
