import { randomUUID } from "node:crypto";
import { principalId, type Principal } from "../../auth/principal.js";
import { type AccessScope, Permission } from "../../auth/roles.js";
import { badInput, forbidden, notFound } from "../../errors/errors.js";
import { pageSize } from "../common/connection.page.js";
import {
  DeliveryStatus,
  NotificationChannel,
  type NotificationTrigger,
  type StoredDelivery,
  type StoredNotificationRule,
} from "./notification.model.js";
import { toGraphQLDelivery, toGraphQLRule } from "./notification.mapper.js";
import type { Dispatcher } from "./notification.dispatcher.js";
import type { NotificationDelivery } from "./notification-delivery.type.js";
import type { DeliveryLog } from "./notification-delivery.log.js";
import type { NotificationRuleInput } from "./notification-rule.input.js";
import type { RuleStore } from "./notification-rule.store.js";
import type { NotificationRule } from "./notification-rule.type.js";
import { ruleOwnerFor, type RuleStanding } from "./notification-rule.owner.js";
import { validateRuleInput } from "./notification-rule.validation.js";

export interface NotificationRuleServiceDeps {
  rules: RuleStore;
  log: DeliveryLog;
  dispatcher: Pick<Dispatcher, "sendOnce">;
  tenantExists(tenantId: string): boolean;
  /** Whether a rule's owner still holds the access the rule needs (shown as `state`). */
  standing(rule: StoredNotificationRule): Promise<RuleStanding>;
  allowPrivateWebhooks: boolean;
  /**
   * Admission of one test send by `caller` for `ruleId` (before anything is sent or logged); throws
   * RATE_LIMITED (with `retryAfterSeconds`) to refuse it. Absent = unlimited.
   */
  admitTest?: (caller: string, ruleId: string) => Promise<void>;
  now?: () => number;
}

/** Page size of delivery-log lists: default 20, at most 200. */
export const DELIVERY_PAGE = { default: 20, max: 200 } as const;

/** Ranks outcomes of a test send; the least successful one is what `sendTestNotification` returns. */
const OUTCOME_RANK: Record<DeliveryStatus, number> = { FAILED: 0, RETRYING: 1, PENDING: 2, SKIPPED_NOT_CONFIGURED: 3, SENT: 4 };

export type NotificationRuleService = ReturnType<typeof createNotificationRuleService>;

const actor = (p: Principal) => p.username ?? p.displayName;

/**
 * Notification rules: CRUD, delivery log and test sends, with authorization. Read needs READ_RULES
 * (TIER1+) on the rule's tenant, write needs WRITE_RULES (TIER2); the admin rule in auth/ gives both anywhere.
 * Rules of tenants the caller holds no role on answer exactly like rules that do not exist.
 */
export function createNotificationRuleService(deps: NotificationRuleServiceDeps) {
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();

  const canRead = (scope: AccessScope, tenantId: string) => scope.can(tenantId, Permission.READ_RULES);
  const canWrite = (scope: AccessScope, tenantId: string) => scope.can(tenantId, Permission.WRITE_RULES);
  const visible = (scope: AccessScope, tenantId: string) => scope.can(tenantId, Permission.VIEW_TENANT);

  /** Loads a rule the caller may read; NOT_FOUND otherwise (existence is not revealed). */
  async function readable(scope: AccessScope, id: string) {
    const doc = await deps.rules.get(id);
    if (!doc || !canRead(scope, doc.value.tenantId)) throw notFound(`notification rule ${id} not found`);
    return doc;
  }

  /** Loads a rule the caller may change: NOT_FOUND when invisible, FORBIDDEN when only readable. */
  async function writable(scope: AccessScope, id: string) {
    const doc = await deps.rules.get(id);
    if (!doc || !visible(scope, doc.value.tenantId)) throw notFound(`notification rule ${id} not found`);
    if (!canWrite(scope, doc.value.tenantId))
      throw forbidden("managing notification rules needs TIER2_ANALYST on the tenant", doc.value.tenantId);
    return doc;
  }

  const toRule = async (r: StoredNotificationRule) => toGraphQLRule(r, await deps.standing(r));

  function assertTenantWritable(scope: AccessScope, tenantId: string) {
    if (!deps.tenantExists(tenantId) || !visible(scope, tenantId)) throw badInput(`tenantId: no tenant ${tenantId}`, "input.tenantId");
    if (!canWrite(scope, tenantId)) throw forbidden("managing notification rules needs TIER2_ANALYST on the tenant", tenantId);
  }

  return {
    /** Rules of every tenant the caller may read, or of one tenant (empty when not readable). */
    async list(scope: AccessScope, tenantId?: string | null): Promise<NotificationRule[]> {
      if (tenantId && !canRead(scope, tenantId)) return [];
      const rules = (await deps.rules.list())
        .filter((r) => (tenantId ? r.tenantId === tenantId : true) && canRead(scope, r.tenantId))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      return Promise.all(rules.map(toRule));
    },

    async get(scope: AccessScope, id: string): Promise<NotificationRule | null> {
      const doc = await deps.rules.get(id);
      return doc && canRead(scope, doc.value.tenantId) ? toRule(doc.value) : null;
    },

    async create(scope: AccessScope, input: NotificationRuleInput): Promise<NotificationRule> {
      assertTenantWritable(scope, input.tenantId);
      const at = iso();
      const settings = validateRuleInput(input, { now: at, allowPrivateWebhooks: deps.allowPrivateWebhooks });
      const who = actor(scope.principal);
      const owner = ruleOwnerFor(scope, input.tenantId);
      const rule: StoredNotificationRule = {
        id: randomUUID(),
        ...settings,
        owner,
        createdBy: who,
        createdAt: at,
        updatedBy: who,
        updatedAt: at,
      };
      await deps.rules.put(rule, 0);
      return toRule(rule);
    },

    /**
     * Replaces a rule's settings. Recipients and webhooks that stay keep their `addedAt` (and secrets). The
     * writer becomes the rule's owner, which is how a SUSPENDED rule is taken over and made ACTIVE again.
     */
    async update(scope: AccessScope, id: string, input: NotificationRuleInput): Promise<NotificationRule> {
      const doc = await writable(scope, id);
      const previous = doc.value;
      if (input.tenantId !== previous.tenantId) throw badInput("tenantId: a rule cannot move to another tenant", "input.tenantId");
      const at = iso();
      const settings = validateRuleInput(input, { previous, now: at, allowPrivateWebhooks: deps.allowPrivateWebhooks });
      const owner = ruleOwnerFor(scope, previous.tenantId);
      const rule: StoredNotificationRule = { ...previous, ...settings, owner, updatedBy: actor(scope.principal), updatedAt: at };
      await deps.rules.put(rule, doc.version); // VersionConflict (→ CONFLICT) when someone else saved in between
      return toRule(rule);
    },

    async delete(scope: AccessScope, id: string): Promise<boolean> {
      await writable(scope, id);
      const deleted = await deps.rules.delete(id);
      await deps.log.dropRule(id);
      return deleted;
    },

    /** The rule's delivery log, newest first. */
    async deliveries(
      scope: AccessScope,
      ruleId: string,
      opts: { first?: number | null; status?: DeliveryStatus | null; test?: boolean | null },
    ): Promise<NotificationDelivery[]> {
      const first = pageSize(opts.first, DELIVERY_PAGE);
      await readable(scope, ruleId);
      return (await deps.log.list(ruleId, { first, status: opts.status, test: opts.test })).map(toGraphQLDelivery);
    },

    /**
     * Sends a test message to every recipient and webhook of the rule (or only to `recipient`), one
     * attempt each, recorded in the delivery log. Returns the least successful of those deliveries, so
     * `SENT` means every target accepted it. An incident `trigger` previews that message with an example
     * incident; none (or `ALERT_CREATED`) sends the generic test message.
     */
    async sendTest(
      scope: AccessScope,
      ruleId: string,
      recipient?: string | null,
      trigger?: NotificationTrigger | null,
    ): Promise<NotificationDelivery> {
      const { value: rule } = await writable(scope, ruleId);
      await deps.admitTest?.(principalId(scope.principal), ruleId);
      const at = iso();
      const base = {
        ruleId,
        tenantId: rule.tenantId,
        alertId: null,
        incidentId: null,
        trigger: trigger ?? null,
        test: true,
        status: DeliveryStatus.PENDING,
        attempts: 0,
        lastError: null,
      };
      let targets: StoredDelivery[] = [
        ...rule.recipients.map((r) => ({ channel: NotificationChannel.EMAIL, recipient: r.address, webhookId: null })),
        ...rule.webhooks.map((w) => ({ channel: NotificationChannel.WEBHOOK, recipient: w.url, webhookId: w.id })),
      ].map((t) => ({ ...base, ...t, id: `nt_${randomUUID()}`, createdAt: at, updatedAt: at, sentAt: null, nextAttemptAt: null }));
      if (recipient) {
        targets = targets.filter((t) => t.recipient.toLowerCase() === recipient.trim().toLowerCase());
        if (targets.length === 0) throw badInput("recipient: not a recipient or webhook URL of this rule", "recipient");
      }
      await Promise.all(targets.map((t) => deps.log.create(t)));
      const results = await Promise.all(targets.map((t) => deps.dispatcher.sendOnce(t, rule)));
      const worst = results.reduce((a, b) => (OUTCOME_RANK[b.status] < OUTCOME_RANK[a.status] ? b : a));
      return toGraphQLDelivery(worst);
    },
  };
}
