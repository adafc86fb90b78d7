import { randomUUID } from "node:crypto";
import { badInput } from "../../errors/errors.js";
import { AlertSeverity } from "../alerts/alert.enums.js";
import {
  NOTIFICATION_TRIGGERS,
  type NotificationTrigger,
  type StoredNotificationRule,
  type StoredRecipient,
  type StoredWebhook,
  triggersOf,
} from "./notification.model.js";
import type { NotificationRuleInput } from "./notification-rule.input.js";
import { webhookUrlProblem } from "./webhook-url.policy.js";

/** Limits of one rule; exceeding any is a `BAD_USER_INPUT` naming the field. */
export const RULE_LIMITS = {
  nameMax: 100,
  descriptionMax: 1_000,
  recipientsMax: 50,
  webhooksMax: 10,
  deviceGroupsMax: 100,
  deviceGroupMax: 200,
  secretMin: 16,
  secretMax: 256,
} as const;

/** The settings part of a stored rule: everything validation produces from an input. */
export type RuleSettings = Omit<StoredNotificationRule, "id" | "createdBy" | "createdAt" | "updatedBy" | "updatedAt">;

export interface ValidateOptions {
  /** The rule being updated: its recipients keep their `addedAt`, its webhooks their id and secret. */
  previous?: StoredNotificationRule;
  now: string;
  allowPrivateWebhooks: boolean;
}

const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A plain `local@domain.tld` address: no display names, comments, quotes, spaces or line breaks. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf("@");
  return at > 0 && at <= 64 && EMAIL.test(value);
}

const field = (name: string, index?: number) => `input.${name}${index === undefined ? "" : `[${index}]`}`;

function severitiesOf(input: NotificationRuleInput): string[] {
  if (!input.severities || input.severities.length === 0)
    throw badInput("severities: choose at least one alert severity", field("severities"));
  const out: string[] = [];
  input.severities.forEach((s, i) => {
    if (!AlertSeverity.isValue(s)) throw badInput(`severities: ${s} is not a severity a rule can match`, field("severities", i));
    if (!out.includes(s)) out.push(s);
  });
  return out;
}

/** Omitted: the rule's current triggers on update (clients that predate triggers keep them), `[ALERT_CREATED]` on create. */
function triggerList(input: NotificationRuleInput, opts: ValidateOptions): NotificationTrigger[] {
  if (input.triggers == null) return opts.previous ? [...triggersOf(opts.previous)] : ["ALERT_CREATED"];
  if (input.triggers.length === 0) throw badInput("triggers: choose at least one trigger", field("triggers"));
  const out: NotificationTrigger[] = [];
  input.triggers.forEach((t, i) => {
    if (!NOTIFICATION_TRIGGERS.includes(t)) throw badInput(`triggers: ${String(t)} is not a trigger`, field("triggers", i));
    if (!out.includes(t)) out.push(t);
  });
  return out;
}

function recipientsOf(input: NotificationRuleInput, opts: ValidateOptions): StoredRecipient[] {
  const list = input.recipients ?? [];
  if (list.length > RULE_LIMITS.recipientsMax)
    throw badInput(`recipients: at most ${RULE_LIMITS.recipientsMax} addresses`, field("recipients"));
  const previous = new Map((opts.previous?.recipients ?? []).map((r) => [r.address.toLowerCase(), r]));
  const out: StoredRecipient[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const address = raw.trim();
    if (!isEmailAddress(address)) throw badInput(`recipients: "${raw.slice(0, 80)}" is not a valid email address`, field("recipients", i));
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    // Defender semantics: a recipient only gets alerts raised after it was added, so existing ones keep their time.
    out.push({ address, addedAt: previous.get(key)?.addedAt ?? opts.now });
  });
  return out;
}

function webhooksOf(input: NotificationRuleInput, opts: ValidateOptions): StoredWebhook[] {
  const list = input.webhooks ?? [];
  if (list.length > RULE_LIMITS.webhooksMax) throw badInput(`webhooks: at most ${RULE_LIMITS.webhooksMax} endpoints`, field("webhooks"));
  const previous = new Map((opts.previous?.webhooks ?? []).map((w) => [w.url, w]));
  const out: StoredWebhook[] = [];
  list.forEach((w, i) => {
    const url = w.url.trim();
    const problem = webhookUrlProblem(url, opts.allowPrivateWebhooks);
    if (problem) throw badInput(`webhooks: URL ${problem}`, `${field("webhooks", i)}.url`);
    if (out.some((o) => o.url === url)) throw badInput(`webhooks: ${url} is listed twice`, `${field("webhooks", i)}.url`);
    const before = previous.get(url);
    const secret = w.secret ?? before?.secret;
    if (!secret) throw badInput("webhooks: a signing secret is required for a new webhook URL", `${field("webhooks", i)}.secret`);
    if (secret.length < RULE_LIMITS.secretMin || secret.length > RULE_LIMITS.secretMax)
      throw badInput(
        `webhooks: the secret must be ${RULE_LIMITS.secretMin} to ${RULE_LIMITS.secretMax} characters`,
        `${field("webhooks", i)}.secret`,
      );
    out.push({ id: before?.id ?? randomUUID(), url, secret, addedAt: before?.addedAt ?? opts.now });
  });
  return out;
}

function deviceGroupsOf(input: NotificationRuleInput): string[] {
  const list = input.deviceGroups ?? [];
  if (list.length > RULE_LIMITS.deviceGroupsMax)
    throw badInput(`deviceGroups: at most ${RULE_LIMITS.deviceGroupsMax} groups`, field("deviceGroups"));
  const out: string[] = [];
  list.forEach((raw, i) => {
    const g = raw.trim();
    if (g.length === 0 || g.length > RULE_LIMITS.deviceGroupMax)
      throw badInput(`deviceGroups: names must be 1 to ${RULE_LIMITS.deviceGroupMax} characters`, field("deviceGroups", i));
    if (!out.some((o) => o.toLowerCase() === g.toLowerCase())) out.push(g);
  });
  return out;
}

/**
 * Checks a rule input and normalizes it (trimmed, deduplicated, recipients stamped with `addedAt`).
 * Throws a `BAD_USER_INPUT` GatewayError whose `extensions.field` names the offending input path.
 */
export function validateRuleInput(input: NotificationRuleInput, opts: ValidateOptions): RuleSettings {
  const name = input.name.trim();
  if (name.length === 0 || name.length > RULE_LIMITS.nameMax)
    throw badInput(`name: must be 1 to ${RULE_LIMITS.nameMax} characters`, field("name"));
  const description = input.description?.trim() || null;
  if (description && description.length > RULE_LIMITS.descriptionMax)
    throw badInput(`description: at most ${RULE_LIMITS.descriptionMax} characters`, field("description"));
  const severities = severitiesOf(input);
  const triggers = triggerList(input, opts);
  const deviceGroups = deviceGroupsOf(input);
  const recipients = recipientsOf(input, opts);
  const webhooks = webhooksOf(input, opts);
  if (recipients.length === 0 && webhooks.length === 0)
    throw badInput("recipients: a rule needs at least one email recipient or webhook", field("recipients"));
  return {
    tenantId: input.tenantId,
    name,
    description,
    enabled: input.enabled ?? true,
    includeOrganizationName: input.includeOrganizationName ?? true,
    includeTenantPortalLink: input.includeTenantPortalLink ?? true,
    includeDeviceInformation: input.includeDeviceInformation ?? false,
    deviceGroups,
    severities,
    recipients,
    webhooks,
    onlyFirstOccurrencePerIncident: input.onlyFirstOccurrencePerIncident ?? false,
    triggers,
  };
}
