import type { AccessGrantOrigin, AccessGrantStatus } from "./access-grant.enums.js";
import { type GrantRecord, isActive } from "./access-grant.record.js";
import type { AccessGrant } from "./access-grant.type.js";

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** Stored grant record → GraphQL `AccessGrant` (the tenant is resolved by a field resolver). */
export function toAccessGrant(g: GrantRecord, nowMs: number = Date.now()): AccessGrant {
  return {
    id: g.id,
    tenantId: g.tenantId,
    subject: { kind: g.subject.kind, id: g.subject.id, displayName: g.subject.displayName },
    role: g.role,
    status: g.status as AccessGrantStatus,
    active: isActive(g, nowMs),
    origin: g.source as AccessGrantOrigin,
    justification: g.justification,
    requestedBy: g.requestedBy,
    requestedAt: new Date(g.requestedAt),
    decidedBy: g.decidedBy,
    decidedAt: date(g.decidedAt),
    decisionReason: g.decisionReason,
    expiresAt: date(g.expiresAt),
    history: g.history.map((h) => ({
      at: new Date(h.at),
      by: h.by,
      from: h.from as AccessGrantStatus | null,
      to: h.to as AccessGrantStatus,
      reason: h.reason,
    })),
  };
}
