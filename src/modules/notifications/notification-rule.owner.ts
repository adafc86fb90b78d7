import { principalId } from "../../auth/principal.js";
import { Permission, subjectHolds, type AccessScope, type GrantSource } from "../../auth/roles.js";
import type { StoredNotificationRule, StoredRuleOwner } from "./notification.model.js";

/** Whether a rule may deliver right now, and why not. */
export interface RuleStanding {
  suspended: boolean;
  /** Why the rule is suspended (null when active). */
  reason: string | null;
}

const ACTIVE: RuleStanding = { suspended: false, reason: null };

/**
 * The owner a rule gets when `scope`'s caller saves it on `tenantId`: the caller's own user/app grant when
 * it gives WRITE_RULES, else the group grant that does, else the gateway-admin role.
 */
export function ruleOwnerFor(scope: AccessScope, tenantId: string): StoredRuleOwner {
  const holder = scope.grantHolders(tenantId, Permission.WRITE_RULES)[0];
  if (!holder) return { kind: "GATEWAY_ADMIN", id: principalId(scope.principal), displayName: scope.principal.displayName };
  return { kind: holder.kind, id: holder.id, displayName: holder.kind === "GROUP" ? null : scope.principal.displayName };
}

/**
 * Decides at delivery (and when a rule is shown) whether its owner still holds a role that allows the
 * rule (WRITE_RULES on its tenant), like subscriptions re-check their subscriber per event. Reads the same
 * briefly cached grant source as request authorization, so a revocation applies within about a second.
 * A failing grant read rejects (the caller fails closed).
 */
export function createRuleStanding(grants: GrantSource): (rule: StoredNotificationRule) => Promise<RuleStanding> {
  return async (rule) => {
    const owner = rule.owner;
    if (!owner || owner.kind === "GATEWAY_ADMIN") return ACTIVE;
    if (subjectHolds(await grants.activeGrants(), { kind: owner.kind, id: owner.id }, rule.tenantId, Permission.WRITE_RULES)) return ACTIVE;
    const who = owner.kind === "GROUP" ? `group ${owner.id}` : `${owner.displayName ?? owner.id} (${owner.kind.toLowerCase()} ${owner.id})`;
    return {
      suspended: true,
      reason: `its owner ${who} no longer holds TIER2_ANALYST on the tenant; it sends nothing until someone who does updates it (and so becomes its owner)`,
    };
  };
}
