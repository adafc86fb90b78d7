import "reflect-metadata"; // the worker maps rules through type-graphql classes
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.js";
import { buildAccessScope } from "../../src/auth/roles.js";
import { notificationOptionsFrom } from "../../src/wiring/notification.options.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import { createNotifications, type Notifications } from "../../src/modules/notifications/notification.module.js";
import type { NotificationRuleInput } from "../../src/modules/notifications/notification-rule.input.js";
import { createMemoryStore } from "../../src/store/memory.store.js";
import type { DocumentStore, EventLog } from "../../src/store/store.types.js";
import type { SecurityAlert } from "../../src/upstream/upstream.types.js";
import { waitFor } from "../helpers/wait.js";
import { alertFixture } from "../helpers/alert.fixture.js";
import { startSmtpSink, type SmtpSink } from "./smtp.sink.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

/**
 * The delivery pipeline without HTTP: event log → worker → dispatcher → real SMTP server / HTTP receiver.
 * Replicas share one memory store; the black-box tests run the same pipeline inside real gateways (and on Redis).
 */
const TENANT = "11111111-1111-1111-1111-111111111111";
const SECRET = "receiver-secret-0123456789";
const admin: Principal = {
  userId: "u-admin",
  appId: null,
  displayName: "Ada",
  username: "ada@mssp.example",
  groups: [],
  groupsComplete: true,
  appRoles: [],
  isAdmin: true,
  expiresAt: 0,
  issuerTenantId: null,
};
const scope = buildAccessScope(admin, []);

let sink: SmtpSink;
let hook: WebhookReceiver;
const started: Notifications[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  hook = await startWebhookReceiver(SECRET);
});
afterAll(async () => {
  await sink.close();
  await hook.close();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.worker.stop()));
  sink.messages.length = 0;
  hook.received.length = 0;
  sink.rejectNext(0);
});

interface Shared {
  documents: DocumentStore;
  events: EventLog;
  alerts: Map<string, SecurityAlert>;
}
const shared = (): Shared => {
  const store = createMemoryStore();
  return { documents: store.documents, events: store.events, alerts: new Map() };
};

async function replica(s: Shared, env: Record<string, string> = {}, kind: "memory" | "redis" = "memory"): Promise<Notifications> {
  const config = loadConfig({
    LOG_LEVEL: "silent",
    DATA_FILE: "",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(sink.port),
    SMTP_TIMEOUT_MS: "2000",
    NOTIFY_RETRY_BASE_MS: "20",
    NOTIFY_RETRY_MAX_MS: "100",
    NOTIFY_MAX_ATTEMPTS: "3",
    NOTIFY_WEBHOOK_ALLOW_PRIVATE: "true",
    NOTIFY_RULE_CACHE_MS: "0",
    NOTIFY_SWEEP_INTERVAL_MS: "0",
    ...env,
  });
  const n = createNotifications({
    options: notificationOptionsFrom(config.env),
    grants: { activeGrants: async () => [] },
    // kind "redis" turns on the durable event-log position (the shared-mode behaviour) over the same memory store.
    store: { kind, documents: s.documents, events: s.events },
    alert: async (_t, id) => s.alerts.get(id) ?? null,
    tenantName: (id) => (id === TENANT ? "Contoso Pharma" : null),
    replicaId: `r${started.length}`,
    logger: createLogger("silent"),
  });
  await n.worker.start();
  started.push(n);
  return n;
}

const ruleInput = (over: Partial<NotificationRuleInput> = {}): NotificationRuleInput => ({
  tenantId: TENANT,
  name: "High on servers",
  enabled: true,
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: false,
  severities: ["HIGH"],
  deviceGroups: ["Servers"],
  recipients: ["soc@mssp.example"],
  webhooks: [],
  onlyFirstOccurrencePerIncident: false,
  ...over,
});

const created = (s: Shared, alert: SecurityAlert) => {
  s.alerts.set(alert.id, alert);
  return s.events.append({ kind: "CREATED", tenantId: TENANT, alertId: alert.id, alert });
};

describe("notification delivery worker", () => {
  it("emails matching CREATED alerts only, with organization name and ?tid= link", async () => {
    const s = shared();
    const n = await replica(s);
    const rule = await n.service.create(scope, ruleInput());
    const match = alertFixture({}, { severity: "High", rbacGroupName: "Servers" });
    await created(s, alertFixture({}, { severity: "Low", rbacGroupName: "Servers" }));
    await created(s, alertFixture({}, { severity: "High", rbacGroupName: "Finance Workstations" }));
    await s.events.append({
      kind: "UPDATED",
      tenantId: TENANT,
      alertId: "x",
      alert: alertFixture({}, { severity: "High", rbacGroupName: "Servers" }),
    });
    await created(s, match);
    await n.worker.idle();
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail.to).toEqual(["soc@mssp.example"]);
    expect(mail.subject).toContain("Contoso Pharma");
    expect(mail.decoded).toContain(`https://security.microsoft.com/alerts/${match.id}?tid=${TENANT}`);
    expect(mail.decoded).not.toContain("fin-ws-01"); // device information is off
    const [d] = await n.service.deliveries(scope, rule.id, {});
    expect(d).toMatchObject({ alertId: match.id, channel: "EMAIL", recipient: "soc@mssp.example", status: "SENT", attempts: 1 });
  });

  it("delivers each (rule, alert, recipient) exactly once with two replicas on one store", async () => {
    const s = shared();
    const [a, b] = [await replica(s), await replica(s)];
    const rule = await a.service.create(scope, ruleInput({ recipients: ["one@mssp.example", "two@mssp.example"], deviceGroups: [] }));
    for (let i = 0; i < 5; i++) await created(s, alertFixture({}, { severity: "High" }));
    await Promise.all([a.worker.idle(), b.worker.idle()]);
    expect(sink.messages).toHaveLength(10);
    const perRecipient = new Map<string, number>();
    for (const m of sink.messages) perRecipient.set(m.to[0], (perRecipient.get(m.to[0]) ?? 0) + 1);
    expect(Object.fromEntries(perRecipient)).toEqual({ "one@mssp.example": 5, "two@mssp.example": 5 });
    expect(new Set(sink.messages.map((m) => m.header("message-id"))).size).toBe(10);
    expect(await a.service.deliveries(scope, rule.id, { first: 50 })).toHaveLength(10);
  });

  it("retries after an SMTP failure and records the attempts", async () => {
    const s = shared();
    const n = await replica(s);
    const rule = await n.service.create(scope, ruleInput({ deviceGroups: [] }));
    sink.rejectNext(1);
    await created(s, alertFixture());
    await n.worker.idle();
    expect(sink.rejected).toBeGreaterThanOrEqual(1);
    expect(sink.messages).toHaveLength(1);
    const [d] = await n.service.deliveries(scope, rule.id, {});
    expect(d).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });

  it("gives up after NOTIFY_MAX_ATTEMPTS and keeps the last error", async () => {
    const s = shared();
    const n = await replica(s);
    const rule = await n.service.create(scope, ruleInput({ deviceGroups: [] }));
    sink.rejectNext(100);
    await created(s, alertFixture());
    await n.worker.idle();
    const [d] = await n.service.deliveries(scope, rule.id, {});
    expect(d).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(d.lastError).toContain("451");
  });

  it("posts signed webhooks, retrying 5xx and giving up on 4xx", async () => {
    const s = shared();
    const n = await replica(s);
    const rule = await n.service.create(
      scope,
      ruleInput({ deviceGroups: [], recipients: [], webhooks: [{ url: hook.url, secret: SECRET }] }),
    );
    hook.failNext(503);
    const first = alertFixture();
    await created(s, first);
    await n.worker.idle();
    expect(hook.received).toHaveLength(1);
    const got = hook.received[0];
    expect(got.verified).toBe(true);
    expect(got.json).toMatchObject({
      type: "alert.created",
      tenantId: TENANT,
      organizationName: "Contoso Pharma",
      alert: { id: first.id, severity: "HIGH" },
    });
    expect(got.headers["x-gateway-delivery"]).toMatch(/^nd_/);
    hook.failNext(400);
    await created(s, alertFixture());
    await n.worker.idle();
    const log = await n.service.deliveries(scope, rule.id, {});
    expect(log.map((d) => [d.status, d.attempts]).sort()).toEqual([
      ["FAILED", 1],
      ["SENT", 2],
    ]);
  });

  it("records SKIPPED_NOT_CONFIGURED without SMTP settings", async () => {
    const s = shared();
    const n = await replica(s, { SMTP_HOST: "" });
    const rule = await n.service.create(scope, ruleInput({ deviceGroups: [] }));
    await created(s, alertFixture());
    await n.worker.idle();
    const [d] = await n.service.deliveries(scope, rule.id, {});
    expect(d).toMatchObject({ status: "SKIPPED_NOT_CONFIGURED", attempts: 0 });
    expect(sink.messages).toHaveLength(0);
  });

  it("notifies only the first alert of an incident when asked, and new recipients only about newer alerts", async () => {
    const s = shared();
    const n = await replica(s);
    await n.service.create(scope, ruleInput({ deviceGroups: [], onlyFirstOccurrencePerIncident: true }));
    await created(s, alertFixture({}, { incidentId: 77 }));
    await created(s, alertFixture({}, { incidentId: 77 }));
    await created(s, alertFixture({}, { incidentId: 78 }));
    // Raised before the rule existed (e.g. a backfilled alert): nobody is notified.
    await created(s, alertFixture({}, { incidentId: 79, alertCreationTime: new Date(Date.now() - 3_600_000).toISOString() }));
    await n.worker.idle();
    expect(sink.messages).toHaveLength(2);
  });

  it("sends test notifications to every target and returns the least successful delivery", async () => {
    const s = shared();
    const n = await replica(s);
    const rule = await n.service.create(scope, ruleInput({ webhooks: [{ url: hook.url, secret: SECRET }] }));
    const ok = await n.service.sendTest(scope, rule.id);
    expect(ok).toMatchObject({ status: "SENT", test: true, alertId: null });
    expect(sink.messages[0].subject).toContain("[Test]");
    expect(hook.received[0]).toMatchObject({ verified: true, json: { type: "notification.test" } });
    sink.rejectNext(1);
    const bad = await n.service.sendTest(scope, rule.id);
    expect(bad).toMatchObject({ status: "FAILED", channel: "EMAIL", attempts: 1 });
    expect(await n.service.deliveries(scope, rule.id, { test: true })).toHaveLength(4);
  });

  it("lets another replica resume a retry when its owner stops", async () => {
    const s = shared();
    const a = await replica(s, { NOTIFY_RETRY_BASE_MS: "300", NOTIFY_RETRY_MAX_MS: "300" });
    const b = await replica(s, { NOTIFY_SWEEP_INTERVAL_MS: "50" });
    const rule = await a.service.create(scope, ruleInput({ deviceGroups: [] }));
    sink.rejectNext(1);
    // Only replica a sees the event (as if b had joined later).
    await a.worker.handle({ ...(await created(s, alertFixture())), kind: "CREATED" });
    await waitFor(async () => (await a.service.deliveries(scope, rule.id, {}))[0]?.status === "RETRYING", {
      what: "first attempt to fail",
    });
    await a.worker.stop();
    const d = await waitFor(async () => (await b.service.deliveries(scope, rule.id, {})).find((x) => x.status === "SENT"), {
      what: "b to resume",
    });
    expect(d.attempts).toBe(2);
    expect(sink.messages).toHaveLength(1);
  });

  it("catches up after a restart on events appended while no worker consumed (durable position)", async () => {
    const s = shared();
    const first = await replica(s, {}, "redis");
    await first.service.create(scope, ruleInput({ deviceGroups: [] }));
    await created(s, alertFixture());
    await first.worker.idle();
    expect(sink.messages).toHaveLength(1);
    await first.worker.stop(); // flushes its position
    const missed = alertFixture();
    await created(s, missed); // nobody listening
    const second = await replica(s, {}, "redis");
    await second.worker.idle();
    expect(sink.messages).toHaveLength(2);
    expect(sink.messages[1].header("x-gateway-alert-id")).toBe(missed.id);
  });
});
