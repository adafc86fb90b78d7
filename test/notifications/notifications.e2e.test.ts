import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DeleteNotificationRuleDocument,
  NotifyCreateRuleDocument,
  NotifyDeliveriesDocument,
  NotifyRuleIdsDocument,
  NotifyRuleWebhooksDocument,
  NotifySendTestDocument,
  NotifyTenantRulesDocument,
  NotifyUpdateRuleDocument,
  type NotificationRuleInput,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import type { GqlResult } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import { startSmtpSink, type SmtpSink } from "./smtp.sink.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

/** Black-box: one embedded gateway (in-process simulator), a real SMTP server and a real webhook receiver. */
const SECRET = "e2e-webhook-secret-0123456789";
const CREATE = NotifyCreateRuleDocument;
const UPDATE = NotifyUpdateRuleDocument;
const DELETE = DeleteNotificationRuleDocument;
const LIST = NotifyRuleIdsDocument;
const TEST = NotifySendTestDocument;
const DELIVERIES = NotifyDeliveriesDocument;

describe("notification rules and delivery (embedded gateway)", () => {
  let gw: TestGateway;
  let sink: SmtpSink;
  let hook: WebhookReceiver;
  let t0: string; // bob is TIER1 here, alice TIER2 everywhere
  let t1: string;
  const rules: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    hook = await startWebhookReceiver(SECRET);
    gw = await startGateway({
      SIM_TENANTS: "2",
      SIM_ALERTS_PER_TENANT: "5",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      MSSP_NAME: "Acme MSSP",
      NOTIFY_WEBHOOK_ALLOW_PRIVATE: "true",
      NOTIFY_RETRY_BASE_MS: "50",
      NOTIFY_RETRY_MAX_MS: "200",
      NOTIFY_RULE_CACHE_MS: "0",
    });
    await gw.synced();
    [t0, t1] = gw.app.registry.ids() as [string, string];
  });
  afterEach(async () => {
    // Delete this test's rules so later alerts do not reach them.
    for (const id of rules.splice(0)) await gw.gql(DELETE, { id });
    await gw.app.notifications.worker.idle();
    sink.messages.length = 0;
    hook.received.length = 0;
  });
  afterAll(async () => {
    await gw?.close();
    await sink?.close();
    await hook?.close();
  });

  /** A valid rule with `over` laid on top; the validation cases lay invalid values on purpose, hence the cast. */
  const input = (over: { [K in keyof NotificationRuleInput]?: unknown } = {}) =>
    ({
      tenantId: t0,
      name: "High alerts to the SOC",
      severities: ["HIGH"],
      recipients: ["soc@mssp.example"],
      ...over,
    }) as NotificationRuleInput;
  const create = async (over: { [K in keyof NotificationRuleInput]?: unknown } = {}, user = "alice") => {
    const res = await gw.gql(CREATE, { input: input(over) }, { user });
    expect(res.body.errors).toBeUndefined();
    rules.push(res.body.data!.createNotificationRule.id);
    return res.body.data!.createNotificationRule;
  };
  const errorOf = (res: GqlResult<unknown>) => res.body.errors?.[0]?.extensions;

  describe("authorization", () => {
    it("lets TIER2 alice manage rules, TIER1 bob only read them, and mallory see nothing", async () => {
      const rule = await create();
      expect(rule).toMatchObject({
        tenant: { id: t0 },
        createdBy: "alice@mssp.example",
        enabled: true,
        includeOrganizationName: true,
        includeTenantPortalLink: true,
      });

      expect(errorOf(await gw.gql(CREATE, { input: input() }, { user: "bob" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(errorOf(await gw.gql(UPDATE, { id: rule.id, input: input() }, { user: "bob" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(errorOf(await gw.gql(TEST, { ruleId: rule.id }, { user: "bob" }))).toMatchObject({ code: "FORBIDDEN" });
      const bobList = await gw.gql(LIST, {}, { user: "bob" });
      expect(bobList.body.data!.notificationRules.map((r) => r.id)).toEqual([rule.id]);
      expect((await gw.gql(DELIVERIES, { ruleId: rule.id }, { user: "bob" })).body.errors).toBeUndefined();
      // bob holds no role on t1: creating there looks like an unknown tenant
      expect(errorOf(await gw.gql(CREATE, { input: input({ tenantId: t1 }) }, { user: "bob" }))).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.tenantId",
      });

      expect((await gw.gql(LIST, {}, { user: "mallory" })).body.data!.notificationRules).toEqual([]);
      expect((await gw.gql(LIST, { tenantId: t0 }, { user: "mallory" })).body.data!.notificationRules).toEqual([]);
      expect(errorOf(await gw.gql(CREATE, { input: input() }, { user: "mallory" }))).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.tenantId",
      });
      expect(errorOf(await gw.gql(UPDATE, { id: rule.id, input: input() }, { user: "mallory" }))).toMatchObject({ code: "NOT_FOUND" });
      expect(errorOf(await gw.gql(DELETE, { id: rule.id }, { user: "mallory" }))).toMatchObject({ code: "NOT_FOUND" });
      expect(errorOf(await gw.gql(DELIVERIES, { ruleId: rule.id }, { user: "mallory" }))).toMatchObject({ code: "NOT_FOUND" });
      const tenantField = await gw.gql(NotifyTenantRulesDocument, { id: t0 }, { user: "bob" });
      expect(tenantField.body.data!.tenant!.notificationRules).toEqual([{ id: rule.id }]);

      expect((await gw.gql(DELETE, { id: rule.id }, { user: "alice" })).body.data!.deleteNotificationRule).toBe(true);
      expect((await gw.gql(LIST, { tenantId: t0 }, { user: "bob" })).body.data!.notificationRules).toEqual([]);
    });
  });

  describe("validation", () => {
    it.each([
      ["a bad email", { recipients: ["soc@mssp.example", "not an email"] }, "input.recipients[1]"],
      ["no recipients and no webhooks", { recipients: [], webhooks: [] }, "input.recipients"],
      ["UNKNOWN severity", { severities: ["UNKNOWN"] }, "input.severities[0]"],
      ["no severity", { severities: [] }, "input.severities"],
      ["an empty name", { name: " " }, "input.name"],
      ["a non-http webhook", { webhooks: [{ url: "file:///etc/passwd", secret: SECRET }] }, "input.webhooks[0].url"],
      ["a webhook without secret", { webhooks: [{ url: hook?.url ?? "http://127.0.0.1:1/x" }] }, "input.webhooks[0].secret"],
    ])("refuses %s with BAD_USER_INPUT and the field", async (_what, over, field) => {
      const res = await gw.gql(CREATE, { input: input(over) });
      expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field });
    });

    it("refuses severities that are not in the enum", async () => {
      const res = await gw.gql(CREATE, { input: input({ severities: ["CRITICAL"] }) });
      expect(errorOf(res)?.code).toBe("BAD_USER_INPUT");
    });

    it("never returns webhook secrets, and keeps them (and recipients' addedAt) across updates", async () => {
      const rule = await create({ webhooks: [{ url: hook.url, secret: SECRET }] });
      expect(rule.webhooks).toEqual([{ id: expect.any(String), url: hook.url, secretSet: true, secretHint: `…${SECRET.slice(-4)}` }]);
      const before = (await gw.gql(UPDATE, { id: rule.id, input: input({ webhooks: [{ url: hook.url }] }) })).body.data!
        .updateNotificationRule;
      const after = (
        await gw.gql(UPDATE, {
          id: rule.id,
          input: input({ recipients: ["soc@mssp.example", "new@mssp.example"], webhooks: [{ url: hook.url }] }),
        })
      ).body.data!.updateNotificationRule;
      expect(after.webhooks[0].id).toBe(rule.webhooks[0].id);
      expect(after.recipientDetails[0].addedAt).toBe(before.recipientDetails[0].addedAt);
      expect(Date.parse(after.recipientDetails[1].addedAt)).toBeGreaterThan(Date.parse(before.recipientDetails[0].addedAt));
      expect(JSON.stringify(await gw.gql(NotifyRuleWebhooksDocument))).not.toContain(SECRET);
      const ok = await gw.gql(TEST, { ruleId: rule.id });
      expect(ok.body.data!.sendTestNotification.status).toBe("SENT");
      expect(hook.received.at(-1)!.verified).toBe(true); // signed with the kept secret
    });
  });

  describe("delivery", () => {
    const machineIn = (tenantId: string, group?: string) => {
      const ms = gw.app.simulator!.control.listMachines(tenantId);
      return (group ? ms.find((m) => m.rbacGroupName === group) : ms.find((m) => m.rbacGroupName !== null)) ?? ms[0];
    };

    it("emails matching new alerts once per recipient with organization name and ?tid= link; skips non-matching ones", async () => {
      const machine = machineIn(t0);
      const rule = await create({
        recipients: ["soc@mssp.example", "oncall@mssp.example"],
        deviceGroups: [machine.rbacGroupName],
        includeDeviceInformation: true,
      });
      const sim = gw.app.simulator!.control;
      const other = gw.app.simulator!.control.listMachines(t0).find((m) => m.rbacGroupName !== machine.rbacGroupName);
      const low = sim.createAlert(t0, { severity: "Low", machineId: machine.id });
      const otherGroup = other ? sim.createAlert(t0, { severity: "High", machineId: other.id }) : null;
      const otherTenant = sim.createAlert(t1, { severity: "High", machineId: machineIn(t1).id });
      const match = sim.createAlert(t0, { severity: "High", machineId: machine.id });
      await gw.app.sync.syncNow(t1);
      await gw.app.sync.syncNow(t0);
      await sink.waitForMessages(2);
      await gw.app.notifications.worker.idle();

      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(["oncall@mssp.example", "soc@mssp.example"]);
      const tenantName = gw.app.registry.get(t0)!.name;
      for (const m of sink.messages) {
        expect(m.subject).toContain(match.title);
        expect(m.subject).toContain(tenantName);
        expect(m.decoded).toContain(`https://security.microsoft.com/alerts/${match.id}?tid=${t0}`);
        expect(m.decoded).toContain(match.computerDnsName!);
        expect(m.decoded).toContain("Acme MSSP");
        expect(m.raw).toContain("Content-Type: text/html");
        expect(m.raw).toContain("Content-Type: text/plain");
      }
      const log = (await gw.gql(DELIVERIES, { ruleId: rule.id })).body.data!.notificationDeliveries;
      expect(log).toHaveLength(2);
      expect(log.every((d) => d.alertId === match.id && d.status === "SENT" && d.attempts === 1)).toBe(true);
      const notified = new Set(log.map((d) => d.alertId));
      const skippedIds = [low, otherGroup, otherTenant].flatMap((a) => (a ? [a.id] : []));
      expect(skippedIds.filter((id) => notified.has(id))).toEqual([]);
    });

    it("retries after an SMTP failure", async () => {
      const rule = await create();
      sink.rejectNext(1);
      const alert = gw.app.simulator!.control.createAlert(t0, { severity: "High" });
      await gw.app.sync.syncNow(t0);
      await sink.waitForMessages(1);
      const d = await waitFor(async () => {
        const log = (await gw.gql(DELIVERIES, { ruleId: rule.id })).body.data!.notificationDeliveries;
        return log.find((x) => x.status === "SENT");
      });
      expect(d).toMatchObject({ alertId: alert.id, attempts: 2, lastError: null });
      expect(sink.rejected).toBeGreaterThanOrEqual(1);
    });

    it("posts signed webhooks the receiver can verify", async () => {
      const rule = await create({ recipients: [], webhooks: [{ url: hook.url, secret: SECRET }], includeOrganizationName: true });
      const alert = gw.app.simulator!.control.createAlert(t0, { severity: "High" });
      await gw.app.sync.syncNow(t0);
      const got = await waitFor(() => hook.received.find((h) => h.json.alert?.id === alert.id));
      expect(got.verified).toBe(true);
      expect(got.json).toMatchObject({
        type: "alert.created",
        tenantId: t0,
        rule: { id: rule.id },
        organizationName: gw.app.registry.get(t0)!.name,
      });
      expect(got.json.alert!.portalUrl).toBe(`https://security.microsoft.com/alerts/${alert.id}?tid=${t0}`);
      expect(got.json.alert).not.toHaveProperty("computerDnsName");
    });

    it("sends test notifications to every recipient and webhook", async () => {
      const rule = await create({ recipients: ["a@mssp.example", "b@mssp.example"], webhooks: [{ url: hook.url, secret: SECRET }] });
      const res = await gw.gql(TEST, { ruleId: rule.id });
      expect(res.body.data!.sendTestNotification).toMatchObject({ status: "SENT", test: true, attempts: 1 });
      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(["a@mssp.example", "b@mssp.example"]);
      expect(sink.messages[0].subject).toContain("[Test]");
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]).toMatchObject({ verified: true, json: { type: "notification.test" } });
      const log = (await gw.gql(DELIVERIES, { ruleId: rule.id })).body.data!.notificationDeliveries;
      expect(log.filter((d) => d.test)).toHaveLength(3);
    });
  });
});

describe("notifications without SMTP", () => {
  it("records email deliveries as SKIPPED_NOT_CONFIGURED", async () => {
    const gw = await startGateway({ SIM_TENANTS: "1", SIM_ALERTS_PER_TENANT: "2", NOTIFY_RULE_CACHE_MS: "0" });
    try {
      await gw.synced();
      const t = gw.app.registry.ids()[0];
      const rule = (await gw.gql(CREATE, { input: { tenantId: t, name: "r", severities: ["HIGH"], recipients: ["soc@mssp.example"] } }))
        .body.data!.createNotificationRule;
      expect((await gw.gql(TEST, { ruleId: rule.id })).body.data!.sendTestNotification).toMatchObject({
        status: "SKIPPED_NOT_CONFIGURED",
        attempts: 0,
      });
      const alert = gw.app.simulator!.control.createAlert(t, { severity: "High" });
      await gw.app.sync.syncNow(t);
      const d = await waitFor(async () =>
        (await gw.gql(DELIVERIES, { ruleId: rule.id })).body.data!.notificationDeliveries.find((x) => x.alertId === alert.id),
      );
      await gw.app.notifications.worker.idle();
      expect((await gw.gql(DELIVERIES, { ruleId: rule.id })).body.data!.notificationDeliveries.find((x) => x.id === d.id)).toMatchObject({
        status: "SKIPPED_NOT_CONFIGURED",
        lastError: expect.stringContaining("SMTP_HOST"),
      });
    } finally {
      await gw.close();
    }
  });
});
