import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { NotifyCreateRuleIdDocument, NotifyDeliveryStatusesDocument } from "../generated/graphql.js";
import { remoteEnvFor, startGateway, userGrant, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";
import { startRedisServer, type PrivateRedis } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";
import { startSmtpSink, type SmtpSink } from "./smtp.sink.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

/**
 * Two gateway replicas (in-process apps, remote mode) on one Redis under a unique key prefix, both
 * talking to one standalone simulator: every (rule, alert, recipient) is delivered exactly once.
 */
const SECRET = "replica-webhook-secret-0123456789";

describe("notifications with two replicas", () => {
  let redis: PrivateRedis | undefined;
  let sim: Simulator;
  let sink: SmtpSink;
  let hook: WebhookReceiver;
  const replicas: TestGateway[] = [];
  let tenant: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    const redisUrl = redis.url;
    [sink, hook, sim] = await Promise.all([
      startSmtpSink(),
      startWebhookReceiver(SECRET),
      createSimulator({ tenantCount: 2, alertsPerTenant: 3, seed: 31 }),
    ]);
    tenant = sim.tenants[0].id;
    const env = {
      ...remoteEnvFor(sim, [userGrant("alice", "TIER2_ANALYST")]),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `test:notify:${process.pid}:${Date.now()}:`,
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

  it("sends exactly one email per recipient and one webhook per alert, whichever replica syncs", async () => {
    const [a, b] = replicas as [TestGateway, TestGateway];
    const token = await sim.mintUserToken({ user: "alice" });
    const created = await postGraphQL(
      a.url,
      NotifyCreateRuleIdDocument,
      {
        input: {
          tenantId: tenant,
          name: "All high",
          severities: ["HIGH"],
          recipients: ["soc@mssp.example", "lead@mssp.example"],
          webhooks: [{ url: hook.url, secret: SECRET }],
        },
      },
      token,
    );
    expect(created.body.errors).toBeUndefined();
    const ruleId = created.body.data!.createNotificationRule.id;

    const alerts = [1, 2, 3].map(() => sim.control.createAlert(tenant, { severity: "High" }));
    sim.control.createAlert(tenant, { severity: "Informational" });
    await sink.waitForMessages(6, 20_000);
    await waitFor(() => hook.received.length >= 3, { what: "3 webhooks", timeoutMs: 20_000 });
    // Let both replicas finish whatever they were doing, then count.
    await Promise.all(replicas.map((r) => r.app.notifications.worker.idle()));

    const perKey = new Map<string, number>();
    for (const m of sink.messages) {
      const alertId = m.header("x-gateway-alert-id")!;
      perKey.set(`${alertId}:${m.to[0]}`, (perKey.get(`${alertId}:${m.to[0]}`) ?? 0) + 1);
    }
    expect(perKey.size).toBe(6);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perKey.keys())).toEqual(new Set(alerts.flatMap((x) => [`${x.id}:soc@mssp.example`, `${x.id}:lead@mssp.example`])));
    expect(hook.received.map((h) => h.json.alert!.id).sort()).toEqual(alerts.map((x) => x.id).sort());
    expect(hook.received.every((h) => h.verified)).toBe(true);

    // Both replicas show the same delivery log from the shared store.
    const q = NotifyDeliveryStatusesDocument;
    const [logA, logB] = await Promise.all([postGraphQL(a.url, q, { id: ruleId }, token), postGraphQL(b.url, q, { id: ruleId }, token)]);
    expect(logA.body.data!.notificationDeliveries).toHaveLength(9);
    expect(logA.body.data!.notificationDeliveries.every((d) => d.status === "SENT")).toBe(true);
    expect(new Set(logB.body.data!.notificationDeliveries.map((d) => d.id))).toEqual(
      new Set(logA.body.data!.notificationDeliveries.map((d) => d.id)),
    );
  });
});
