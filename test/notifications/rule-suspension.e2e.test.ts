import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantAccess, revokeAccess } from "../access-grants/access.helpers.js";
import {
  NotifyCreateOwnedRuleDocument,
  NotifyRuleStateDocument,
  NotifyTakeOverRuleDocument,
  type NotificationRuleInput,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { ok } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

/**
 * Issue 13 item 6, black-box: a rule stands on its owner's access. Tier 2 dave creates a webhook rule, his
 * grant is revoked, a new alert arrives: no webhook for his rule, and the rule shows SUSPENDED until
 * someone with access updates it (and so becomes its owner).
 */
const SECRET = "suspension-webhook-secret-0123456789";

describe("notification rules outlive their owner's access only as SUSPENDED", () => {
  let gw: TestGateway;
  let hook: WebhookReceiver;
  let t0: string;

  beforeAll(async () => {
    hook = await startWebhookReceiver(SECRET);
    gw = await startGateway({
      SIM_TENANTS: "1",
      SIM_ALERTS_PER_TENANT: "2",
      NOTIFY_WEBHOOK_ALLOW_PRIVATE: "true",
      NOTIFY_RULE_CACHE_MS: "0",
    });
    await gw.synced();
    t0 = gw.app.registry.ids()[0]!;
  });
  afterAll(async () => {
    await gw?.close();
    await hook?.close();
  });

  const input = (who: string): NotificationRuleInput => ({
    tenantId: t0,
    name: `${who}'s webhook`,
    severities: ["HIGH", "MEDIUM", "LOW", "INFORMATIONAL"],
    recipients: [],
    webhooks: [{ url: `${hook.url}?owner=${who}`, secret: SECRET }],
  });
  const newAlert = async () => {
    const alert = gw.app.simulator!.control.createAlert(t0, { severity: "High" });
    await gw.app.sync.syncNow(t0);
    return alert.id;
  };
  const hooksFor = (alertId: string) => hook.received.filter((h) => h.json.alert?.id === alertId).map((h) => h.json.rule!.id);

  it("stops delivering at once when the owner's grant is revoked, shows SUSPENDED, and resumes when someone with access takes it over", async () => {
    const grantId = await grantAccess(gw, "dave", t0, "TIER2_ANALYST");
    const daves = await waitFor(
      async () => {
        const res = await gw.gql(NotifyCreateOwnedRuleDocument, { input: input("dave") }, { user: "dave" });
        return res.body.errors ? undefined : res.body.data!.createNotificationRule;
      },
      { what: "dave's rule to be created once his grant applies" },
    );
    expect(daves).toMatchObject({ state: "ACTIVE", suspendedReason: null, owner: { kind: "USER", displayName: "Dave" } });
    // alice's rule on the same tenant is the positive signal: it proves the pipeline ran for each alert.
    const alices = ok(await gw.gql(NotifyCreateOwnedRuleDocument, { input: input("alice") }, { user: "alice" })).createNotificationRule;

    const before = await newAlert();
    await waitFor(() => hooksFor(before).length === 2 || undefined, { what: "both webhooks before revocation" });
    expect(hooksFor(before).sort()).toEqual([alices.id, daves.id].sort());

    await revokeAccess(gw, grantId);
    const after = await newAlert();
    await waitFor(() => hooksFor(after).includes(alices.id) || undefined, { what: "alice's webhook after revocation" });
    await gw.app.notifications.worker.idle();
    expect(hooksFor(after)).toEqual([alices.id]);

    const shown = ok(await gw.gql(NotifyRuleStateDocument, { id: daves.id }, { user: "alice" })).notificationRule!;
    expect(shown.state).toBe("SUSPENDED");
    expect(shown.suspendedReason).toMatch(/no longer holds TIER2_ANALYST/);

    // alice (TIER2) takes the rule over: it is hers now and delivers again.
    const taken = ok(
      await gw.gql(NotifyTakeOverRuleDocument, { id: daves.id, input: input("dave") }, { user: "alice" }),
    ).updateNotificationRule;
    expect(taken).toMatchObject({ state: "ACTIVE", suspendedReason: null, owner: { kind: "USER", displayName: "Alice" } });
    const resumed = await newAlert();
    await waitFor(() => hooksFor(resumed).length === 2 || undefined, { what: "both webhooks after the takeover" });
  });
});
