import "reflect-metadata"; // the worker maps rules through type-graphql classes
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.js";
import { buildAccessScope } from "../../src/auth/roles.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import { createNotifications, type Notifications } from "../../src/modules/notifications/notification.module.js";
import type { NotificationRuleInput } from "../../src/modules/notifications/notification-rule.input.js";
import { createMemoryStore } from "../../src/store/memory.store.js";
import type { Store } from "../../src/store/store.types.js";
import type { SecurityIncident } from "../../src/upstream/upstream.types.js";
import { notificationOptionsFrom } from "../../src/wiring/notification.options.js";
import { alertFixture } from "../helpers/alert.fixture.js";
import { makeIncident } from "../helpers/incident.fixture.js";
import { waitFor } from "../helpers/wait.js";
import { startSmtpSink, type SmtpSink } from "./smtp.sink.js";

/**
 * The incident side of the delivery pipeline without HTTP: incident event log → worker → dispatcher → a real SMTP
 * server, on one memory store shared by "replicas" (kind "redis" turns on the durable positions of shared mode).
 */
const TENANT = "22222222-2222-2222-2222-222222222222";
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
const started: Notifications[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.worker.stop()));
  sink.messages.length = 0;
  sink.rejectNext(0);
});

async function replica(store: Store, env: Record<string, string> = {}, kind: "memory" | "redis" = "memory"): Promise<Notifications> {
  const config = loadConfig({
    LOG_LEVEL: "silent",
    DATA_FILE: "",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(sink.port),
    SMTP_TIMEOUT_MS: "2000",
    NOTIFY_RETRY_BASE_MS: "20",
    NOTIFY_RETRY_MAX_MS: "100",
    NOTIFY_MAX_ATTEMPTS: "3",
    NOTIFY_RULE_CACHE_MS: "0",
    NOTIFY_SWEEP_INTERVAL_MS: "0",
    ...env,
  });
  const n = createNotifications({
    options: notificationOptionsFrom(config.env),
    grants: { activeGrants: async () => [] },
    store: { ...store, kind },
    alert: async (t, id) => (await store.index.get(t, id))?.alert ?? null,
    tenantName: (id) => (id === TENANT ? "Fabrikam Bank" : null),
    replicaId: `r${started.length}`,
    logger: createLogger("silent"),
  });
  await n.worker.start();
  started.push(n);
  return n;
}

const ruleInput = (over: Partial<NotificationRuleInput> = {}): NotificationRuleInput => ({
  tenantId: TENANT,
  name: "Incidents",
  enabled: true,
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: true,
  severities: ["HIGH"],
  triggers: ["INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"],
  recipients: ["soc@mssp.example"],
  webhooks: [],
  onlyFirstOccurrencePerIncident: false,
  ...over,
});

let seq = 0;
/** An open incident created now (after any rule of the test), with one alert of `group` in the alert index. */
async function newIncident(store: Store, severity: SecurityIncident["severity"], group = "Servers") {
  const id = String(7000 + ++seq);
  const now = new Date().toISOString();
  await store.index.upsert(TENANT, [alertFixture({}, { incidentId: Number(id), rbacGroupName: group, computerDnsName: `srv-${id}` })]);
  const incident = makeIncident(id, 0, {
    severity,
    status: "ACTIVE",
    redirectIncidentId: null,
    createdDateTime: now,
    lastUpdateDateTime: now,
  });
  await store.incidents.upsert(TENANT, [incident]);
  await store.incidentEvents.append({ kind: "CREATED", tenantId: TENANT, incidentId: id, incident });
  return incident;
}
/** The next version of the incident at `severity`. */
async function raise(store: Store, incident: SecurityIncident, severity: SecurityIncident["severity"]) {
  const next = { ...incident, severity, lastUpdateDateTime: new Date(Date.parse(incident.lastUpdateDateTime!) + 1_000).toISOString() };
  await store.incidents.upsert(TENANT, [next]);
  const event = await store.incidentEvents.append({ kind: "UPDATED", tenantId: TENANT, incidentId: incident.id, incident: next });
  return { next, event };
}

describe("incident notification worker", () => {
  it("notifies a new incident and a rise past the threshold, not a rise below it, not alerts, and only matching device groups", async () => {
    const store = createMemoryStore();
    const n = await replica(store);
    const rule = await n.service.create(scope, ruleInput({ severities: ["HIGH"], deviceGroups: ["servers"] }));
    await n.service.create(scope, ruleInput({ name: "alerts", triggers: null, severities: ["HIGH"], recipients: ["alerts@mssp.example"] }));

    const high = await newIncident(store, "HIGH");
    await newIncident(store, "HIGH", "Workstations"); // not the rule's device group
    const low = await newIncident(store, "LOW");
    const medium = (await raise(store, low, "MEDIUM")).next; // still below HIGH
    const high2 = (await raise(store, medium, "HIGH")).next;
    await raise(store, high2, "HIGH"); // a later version at the same severity is no rise
    await n.worker.idle();

    // Deliveries are sent concurrently: compare in a fixed order.
    expect(sink.messages.map((m) => `${m.to[0]} ${m.header("x-gateway-trigger")} ${m.header("x-gateway-incident-id")}`).sort()).toEqual([
      `soc@mssp.example INCIDENT_CREATED ${high.id}`,
      `soc@mssp.example INCIDENT_SEVERITY_RAISED ${low.id}`,
    ]);
    const raised = sink.messages.find((m) => m.header("x-gateway-incident-id") === low.id)!;
    expect(raised.subject).toBe(`[High] Incident severity raised from Medium: ${low.displayName} (Fabrikam Bank)`);
    expect(raised.decoded).toContain(`srv-${low.id} (Servers)`);
    const log = await n.service.deliveries(scope, rule.id, {});
    expect(log.map((d) => [d.trigger, d.incidentId, d.alertId, d.status])).toEqual(
      expect.arrayContaining([
        ["INCIDENT_CREATED", high.id, null, "SENT"],
        ["INCIDENT_SEVERITY_RAISED", low.id, null, "SENT"],
      ]),
    );
    expect(log).toHaveLength(2);
  });

  it("decides a rise appended while no worker ran from the severity recorded before the restart (durable position)", async () => {
    const store = createMemoryStore();
    const first = await replica(store, {}, "redis");
    await first.service.create(scope, ruleInput());
    const incident = await newIncident(store, "LOW");
    await first.worker.idle();
    await first.worker.stop(); // flushes its incident position
    await raise(store, incident, "HIGH"); // nobody listening
    const second = await replica(store, {}, "redis");
    await second.worker.idle();
    expect(sink.messages.map((m) => [m.header("x-gateway-trigger"), m.header("x-gateway-incident-id")])).toEqual([
      ["INCIDENT_SEVERITY_RAISED", incident.id],
    ]);
  });

  it("lets another replica resume an incident retry with the incident message", async () => {
    const store = createMemoryStore();
    const a = await replica(store, { NOTIFY_RETRY_BASE_MS: "300", NOTIFY_RETRY_MAX_MS: "300" });
    const rule = await a.service.create(scope, ruleInput());
    const low = await newIncident(store, "LOW");
    sink.rejectNext(1);
    await raise(store, low, "HIGH");
    await waitFor(async () => (await a.service.deliveries(scope, rule.id, {}))[0]?.status === "RETRYING", {
      what: "first attempt to fail",
    });
    // b joins after the events (it starts at the live end): it must rebuild the message from the indexes.
    const b = await replica(store, { NOTIFY_SWEEP_INTERVAL_MS: "50" });
    await a.worker.stop();
    const d = await waitFor(async () => (await b.service.deliveries(scope, rule.id, {})).find((x) => x.status === "SENT"), {
      what: "b to resume",
    });
    expect(d).toMatchObject({ attempts: 2, trigger: "INCIDENT_SEVERITY_RAISED", incidentId: low.id });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0].subject).toContain("Incident severity raised from Low");
  });
});
