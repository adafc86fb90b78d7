import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import type { DefenderAlert } from "../../src/upstream/defender.types.js";
import { OPS, requestAccess, revokeAccess } from "../access-grants/access.helpers.js";
import {
  IncNotifyCreateRuleDocument,
  IncNotifyDeliveriesDocument,
  IncNotifyRuleStateDocument,
  IncNotifyTestSendDocument,
  type NotificationRuleInput,
} from "../generated/graphql.js";
import { remoteEnvFor, startGateway, userGrant, type TestGateway } from "../helpers/gateway.js";
import { errorCode, ok, postGraphQL } from "../helpers/operations.js";
import { startRedisServer, type PrivateRedis } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";
import { startSmtpSink, type SmtpSink } from "./smtp.sink.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

/**
 * Issue 12, Notifications: incident rules on two gateway replicas (remote mode, one Redis under a unique prefix,
 * one standalone simulator on the Graph API, where incidents are synced). A new incident and a severity rise each
 * reach every recipient exactly once, whichever replica syncs; a rule tells nothing of an incident of a tenant its
 * owner cannot read (another tenant, or its own tenant once the owner's grant is revoked).
 */
const SECRET = "incident-webhook-secret-0123456789";

describe("incident notification rules with two replicas", () => {
  let redis: PrivateRedis | undefined;
  let sim: Simulator;
  let sink: SmtpSink;
  let hook: WebhookReceiver;
  const replicas: TestGateway[] = [];
  let t0: string;
  let t1: string;
  let aliceRule: string;
  /** Fresh incident ids, far above what the simulator's generator hands out. */
  let nextIncident = 880_000;

  beforeAll(async () => {
    redis = await startRedisServer();
    [sink, hook, sim] = await Promise.all([
      startSmtpSink(),
      startWebhookReceiver(SECRET),
      createSimulator({ tenantCount: 2, alertsPerTenant: 3, seed: 47 }),
    ]);
    [t0, t1] = sim.tenants.map((t) => t.id) as [string, string];
    const env = {
      ...remoteEnvFor(sim, [userGrant("alice", "TIER2_ANALYST", t0), userGrant("carol", "APPROVER")]),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test:incnotify:${process.pid}:${Date.now()}:`,
      SYNC_POLL_INTERVAL_MS: "200",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      NOTIFY_WEBHOOK_ALLOW_PRIVATE: "true",
      NOTIFY_RULE_CACHE_MS: "0",
      NOTIFY_RETRY_BASE_MS: "50",
      NOTIFY_RETRY_MAX_MS: "200",
      LOG_LEVEL: process.env.DEBUG_LOG ?? "silent",
    };
    replicas.push(await startGateway(env), await startGateway(env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all([sim?.close(), sink?.close(), hook?.close()]);
    await redis?.stop();
  });

  const as = async (user: string) => ({ token: await sim.mintUserToken({ user }) });
  const tokenOf = (user: string) => sim.mintUserToken({ user });
  const idle = () => Promise.all(replicas.map((r) => r.app.notifications.worker.idle()));
  /** A new incident in the simulator, made of one new alert of this (Defender-spelled) severity. */
  const newIncident = (tenantId: string, severity: DefenderAlert["severity"]) => {
    const incidentId = nextIncident++;
    sim.control.createAlert(tenantId, { severity, incidentId });
    return String(incidentId);
  };
  /** Waits until the gateways have synced the incident at this severity (so each version is an event of its own). */
  const synced = (tenantId: string, id: string, severity: string) =>
    waitFor(async () => (await replicas[0].app.store.incidents.get(tenantId, id))?.incident.severity === severity || undefined, {
      what: `incident ${id} synced at ${severity}`,
      timeoutMs: 20_000,
    });
  const hooksOf = (ruleId: string, incidentId: string) =>
    hook.received.filter((h) => h.json.rule?.id === ruleId && h.json.incident?.id === incidentId);

  it("sends a new incident and a severity rise exactly once per recipient, and nothing for alerts or another tenant", async () => {
    const input: NotificationRuleInput = {
      tenantId: t0,
      name: "Incidents at MEDIUM and up",
      triggers: ["INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"],
      severities: ["HIGH", "MEDIUM"],
      includeDeviceInformation: true,
      recipients: ["soc@mssp.example", "lead@mssp.example"],
      webhooks: [{ url: hook.url, secret: SECRET }],
    };
    const created = ok(await postGraphQL(replicas[0].url, IncNotifyCreateRuleDocument, { input }, await tokenOf("alice")));
    expect(created.createNotificationRule).toMatchObject({ triggers: ["INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"], state: "ACTIVE" });
    aliceRule = created.createNotificationRule.id;

    // Rises LOW → HIGH: the LOW version is synced on its own first, then a HIGH alert joins the incident.
    const rising = newIncident(t0, "Low");
    await synced(t0, rising, "LOW");
    sim.control.createAlert(t0, { severity: "High", incidentId: Number(rising) });
    // New at HIGH; and a HIGH incident of the other tenant, which the rule does not watch.
    const fresh = newIncident(t0, "High");
    const foreign = newIncident(t1, "High");
    await synced(t0, rising, "HIGH");
    await synced(t1, foreign, "HIGH");

    await sink.waitForMessages(4, 20_000);
    await waitFor(() => hook.received.length >= 2 || undefined, { what: "2 webhooks", timeoutMs: 20_000 });
    await idle();

    const perKey = new Map<string, number>();
    for (const m of sink.messages) {
      const key = `${m.header("x-gateway-trigger")}:${m.header("x-gateway-incident-id")}:${m.to[0]}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(perKey)).toEqual({
      [`INCIDENT_SEVERITY_RAISED:${rising}:soc@mssp.example`]: 1,
      [`INCIDENT_SEVERITY_RAISED:${rising}:lead@mssp.example`]: 1,
      [`INCIDENT_CREATED:${fresh}:soc@mssp.example`]: 1,
      [`INCIDENT_CREATED:${fresh}:lead@mssp.example`]: 1,
    });
    const raisedMail = sink.messages.find((m) => m.header("x-gateway-incident-id") === rising)!;
    expect(raisedMail.subject).toMatch(/^\[High\] Incident severity raised from Low: /);
    expect(raisedMail.decoded).toContain(`https://security.microsoft.com/incidents/${rising}?tid=${t0}`);
    expect(raisedMail.decoded).toMatch(/Alerts:\s+2/);

    expect(hook.received.every((h) => h.verified)).toBe(true);
    const [raisedHook] = hooksOf(aliceRule, rising);
    const [createdHook] = hooksOf(aliceRule, fresh);
    expect(hook.received).toHaveLength(2);
    expect(raisedHook?.json).toMatchObject({
      type: "incident.severity_raised",
      tenantId: t0,
      organizationName: sim.tenants[0].name,
      incident: { id: rising, severity: "HIGH", previousSeverity: "LOW", status: "ACTIVE", alertCount: 2 },
    });
    expect(createdHook?.json).toMatchObject({ type: "incident.created", incident: { id: fresh, severity: "HIGH", alertCount: 1 } });
    const shown = createdHook.json.incident!;
    expect(shown.portalUrl).toBe(`https://security.microsoft.com/incidents/${fresh}?tid=${t0}`);
    expect(shown.deviceCount).toBe(shown.devices?.length);

    // Both replicas show the same log: six incident deliveries, no alert ones (the rule has no ALERT_CREATED).
    const token = await tokenOf("alice");
    const [logA, logB] = await Promise.all(
      replicas.map(async (r) => ok(await postGraphQL(r.url, IncNotifyDeliveriesDocument, { id: aliceRule }, token)).notificationDeliveries),
    );
    const log = logA;
    expect(log).toHaveLength(6);
    expect(log.every((d) => d.status === "SENT" && d.alertId === null)).toBe(true);
    expect(log.map((d) => `${d.trigger}:${d.incidentId}`).sort()).toEqual(
      [...Array(3).fill(`INCIDENT_CREATED:${fresh}`), ...Array(3).fill(`INCIDENT_SEVERITY_RAISED:${rising}`)].sort(),
    );
    expect(new Set(logB.map((d) => d.id))).toEqual(new Set(log.map((d) => d.id)));
  });

  it("tells nothing of a tenant the rule's owner cannot read: not another tenant, nor its own once the owner's grant is revoked", async () => {
    const gw = replicas[0];
    const [dave, carol] = [await as("dave"), await as("carol")];
    const grantId = await requestAccess(gw, dave, { tenantId: t0, role: "TIER2_ANALYST" });
    ok(await gw.gql(OPS.approveAccess, { id: grantId }, carol));
    const input = (tenantId: string): NotificationRuleInput => ({
      tenantId,
      name: "dave's incidents",
      triggers: ["INCIDENT_CREATED"],
      severities: ["HIGH"],
      recipients: [],
      webhooks: [{ url: hook.url, secret: SECRET }],
    });
    const daves = await waitFor(
      async () => {
        const res = await gw.gql(IncNotifyCreateRuleDocument, { input: input(t0) }, dave);
        return res.body.errors ? undefined : res.body.data?.createNotificationRule.id;
      },
      { what: "dave's rule once his grant applies" },
    );
    // dave holds nothing on t1: he cannot make a rule there (the tenant answers as if it did not exist).
    expect(errorCode(await gw.gql(IncNotifyCreateRuleDocument, { input: input(t1) }, dave))).toBe("BAD_USER_INPUT");

    const before = newIncident(t0, "High");
    const elsewhere = newIncident(t1, "High");
    await waitFor(() => (hooksOf(daves, before).length === 1 && hooksOf(aliceRule, before).length === 1) || undefined, {
      what: "dave's and alice's webhooks for the incident before revocation",
      timeoutMs: 20_000,
    });
    await synced(t1, elsewhere, "HIGH");

    await revokeAccess(gw, grantId, carol);
    // Each replica checks the owner through its own grant cache: wait until both see the rule suspended.
    for (const r of replicas)
      await waitFor(
        async () => ok(await r.gql(IncNotifyRuleStateDocument, { id: daves }, await as("alice"))).notificationRule?.state === "SUSPENDED",
        { what: `dave's rule SUSPENDED on replica ${r.app.replicaId}` },
      );
    const after = newIncident(t0, "High");
    await waitFor(() => hooksOf(aliceRule, after).length === 1 || undefined, {
      what: "alice's webhook after revocation",
      timeoutMs: 20_000,
    });
    await idle();

    expect(hook.received.filter((h) => h.json.rule?.id === daves).map((h) => h.json.incident?.id)).toEqual([before]);
    expect(hook.received.some((h) => h.json.incident?.id === elsewhere)).toBe(false);
    expect(hooksOf(aliceRule, after)).toHaveLength(1);
  });

  it("previews an incident message in a test send", async () => {
    const res = await postGraphQL(
      replicas[1].url,
      IncNotifyTestSendDocument,
      { ruleId: aliceRule, recipient: hook.url, trigger: "INCIDENT_SEVERITY_RAISED" },
      await tokenOf("alice"),
    );
    expect(ok(res).sendTestNotification).toEqual({ status: "SENT", test: true, trigger: "INCIDENT_SEVERITY_RAISED", incidentId: null });
    const preview = hook.received.find((h) => h.json.type === "notification.test");
    expect(preview?.json).toMatchObject({
      previewOf: "incident.severity_raised",
      rule: { id: aliceRule },
      incident: { id: "example", severity: "MEDIUM", previousSeverity: "LOW" },
    });
  });
});
