import { buildAccessScope, Permission, type AccessScope } from "../auth/roles.js";
import type { Env, SeedGrant } from "../config/config.js";
import { serviceUnavailable } from "../errors/errors.js";
import type { Logger } from "../logger.js";
import { createAccessGrantService } from "../modules/access-grants/access-grant.service.js";
import { createAccessGrantSource } from "../modules/access-grants/access-grant.source.js";
import { createAlertService } from "../modules/alerts/alert.service.js";
import { createMachineService } from "../modules/machines/machine.service.js";
import { createAlertEventHub, createEventHub, type AlertEventHub, type EventHub } from "../live/event.hub.js";
import { createReplayGate } from "../live/replay.gate.js";
import { createNotifications, type Notifications } from "../modules/notifications/notification.module.js";
import { createAlertEventService } from "../modules/subscriptions/alert-event.service.js";
import { createSharedIndicatorService } from "../modules/indicators/shared-indicator.service.js";
import { createIncidentEventService } from "../modules/subscriptions/incident-event.service.js";
import { withServiceSources } from "../modules/incidents/incident-alerts.js";
import { createIncidentService } from "../modules/incidents/incident.service.js";
import { notificationOptionsFrom } from "./notification.options.js";
import type { TenantRegistry } from "../modules/tenants/tenant.registry.js";
import { createTenantService } from "../modules/tenants/tenant.service.js";
import { createTriageService } from "../modules/triage/triage.service.js";
import { countAlertEvents, countNotificationDelivery } from "../observability/metrics.js";
import type { Services } from "../services.js";
import { recordAlertChanges, recordPendingAlertChanges } from "../store/alert-changes.js";
import { StoreUnavailableError } from "../store/store-unavailable.js";
import type { FenceToken, Store, AlertEventRecord } from "../store/store.types.js";
import type { DefenderClient } from "../upstream/defender.client.js";
import type { SecurityAlert, SecurityIncident, UpstreamSource } from "../upstream/upstream.types.js";
import { createUpstreamLoaders } from "../upstream/upstream.loaders.js";
import { recordIncidentChanges, recordPendingIncidentChanges } from "../store/incident-changes.js";
import type { IncidentEventRecord } from "../store/incident.types.js";

export interface DomainDeps {
  env: Env;
  store: Store;
  /** Alerts and incidents of every tenant, whichever API it is on. */
  upstream: UpstreamSource;
  /** The legacy API's device lookups (tenants on Graph get their devices from alert evidence). */
  machines: Pick<DefenderClient, "listMachines">;
  registry: TenantRegistry;
  seedGrants: readonly SeedGrant[];
  replicaId: string;
  logger: Logger;
}

/** The domain services behind the resolvers, plus the long-lived parts the composition root starts and stops. */
export interface Domain {
  services: Services;
  /** One event-log listener per process; subscribers are authorized per event against their current scope. */
  liveHub: AlertEventHub<AccessScope>;
  /** The same over the incident event log (`incidentEvents`). */
  incidentHub: EventHub<IncidentEventRecord, AccessScope>;
  /** Rules service and delivery worker (started before the sync, stopped before the store closes). */
  notifications: Notifications;
  /** Writes alerts to the index and appends their events (the sync loop and writes through the API). */
  record(tenantId: string, alerts: SecurityAlert[], fence?: FenceToken): Promise<AlertEventRecord[]>;
  /** Appends the events of alerts indexed without one (a replica died between index and log). */
  recordPending(tenantId: string, fence?: FenceToken): Promise<AlertEventRecord[]>;
  /**
   * Writes incidents to the index and appends their events (the sync loop and writes through the API), with their
   * `serviceSources` filled in from the alert index where upstream left it out.
   */
  recordIncidents(tenantId: string, incidents: SecurityIncident[], fence?: FenceToken): Promise<IncidentEventRecord[]>;
  recordPendingIncidents(tenantId: string, fence?: FenceToken): Promise<IncidentEventRecord[]>;
}

/** Builds every domain service once, over the store and the upstream client. */
export function createDomain(deps: DomainDeps): Domain {
  const { env, store, upstream, registry, logger } = deps;

  // Config seeds plus the stored grants, cached ≤ 1 s so grant changes apply on every replica within seconds.
  const grantSource = createAccessGrantSource({ documents: store.documents, seeds: deps.seedGrants, tenantIds: () => registry.ids() });
  const scopeFor: Services["access"]["scopeFor"] = async (principal) => {
    try {
      return buildAccessScope(principal, await grantSource.activeGrants(), { tenantIds: () => registry.ids() });
    } catch (e) {
      // Authorization fails closed; a store outage is a 503 the caller may retry, not a 500.
      if (e instanceof StoreUnavailableError) throw serviceUnavailable();
      throw e;
    }
  };
  const counted = (events: AlertEventRecord[]) => {
    for (const e of events) countAlertEvents(e.kind);
    return events;
  };
  const record: Domain["record"] = (tenantId, alerts, fence) => recordAlertChanges(store, tenantId, alerts, { fence }).then(counted);
  const recordPending: Domain["recordPending"] = (tenantId, fence) => recordPendingAlertChanges(store, tenantId, { fence }).then(counted);

  const recordIncidents: Domain["recordIncidents"] = async (tenantId, incidents, fence) =>
    recordIncidentChanges(store, tenantId, await withServiceSources(store.index, tenantId, incidents), { fence });

  // One replay gate for both logs: its bounds are per process and per caller, whichever log a replay reads.
  const replayGate = createReplayGate({ maxConcurrent: env.LIVE_MAX_CONCURRENT_REPLAYS, maxPerCaller: env.LIVE_MAX_REPLAYS_PER_CALLER });
  const hubOptions = {
    scopeTtlMs: env.SUBSCRIPTION_SCOPE_TTL_MS,
    replayPageSize: env.SUBSCRIPTION_REPLAY_PAGE_SIZE,
    replayBufferMax: 10_000,
  };
  const canRead = (scope: AccessScope, tenantId: string) => scope.can(tenantId, Permission.READ_ALERTS);
  const liveHub = createAlertEventHub({ events: store.events, scopeFor, canRead, replayGate, logger }, hubOptions);
  const incidentHub = createEventHub<IncidentEventRecord, AccessScope>(
    { events: store.incidentEvents, subject: "incident", scopeFor, canRead, replayGate, logger },
    hubOptions,
  );

  const notifications = createNotifications({
    options: notificationOptionsFrom(env),
    store,
    grants: grantSource,
    metrics: { deliveryAttempted: countNotificationDelivery },
    alert: async (tenantId, id) => (await store.index.get(tenantId, id))?.alert ?? null,
    tenantName: (id) => registry.get(id)?.name ?? null,
    replicaId: deps.replicaId,
    logger,
  });

  const services: Services = {
    access: { scopeFor },
    tenants: createTenantService({
      registry,
      documents: store.documents,
      index: store.index,
      budgetLeft: (t) => upstream.budgetLeft(t),
      apiOf: (t) => upstream.apiOf(t),
    }),
    alerts: createAlertService({
      index: store.index,
      patchUpstream: (tenantId, id, patch) => upstream.updateAlert(tenantId, id, patch),
      upstreamLoader: () => createUpstreamLoaders(upstream).alert,
      recordChanges: (tenantId, alerts) => record(tenantId, alerts),
    }),
    triage: createTriageService({
      alerts: {
        index: store.index,
        update: (t, ids, patch) => upstream.updateAlerts(t, ids, patch),
        record: (t, alerts) => record(t, alerts),
      },
      incidents: {
        index: store.incidents,
        update: (t, ids, patch) => upstream.updateIncidents(t, ids, patch),
        record: (t, incidents) => recordIncidents(t, incidents),
      },
      logError: (err, context) => logger.error({ ...context, err }, "bulk triage: unexpected error for an item"),
    }),
    incidents: createIncidentService({
      index: store.incidents,
      alerts: store.index,
      patchUpstream: (tenantId, id, patch) => upstream.updateIncident(tenantId, id, patch),
      commentUpstream: (tenantId, id, comment) => upstream.addIncidentComment(tenantId, id, comment),
      fetchUpstream: async (tenantId, id) => {
        const [found] = await upstream.getIncidents(tenantId, [id], "write");
        if (found instanceof Error) throw found;
        return found ?? null;
      },
      recordChanges: (tenantId, incidents) => recordIncidents(tenantId, incidents),
    }),
    machines: createMachineService({
      devicesFromEvidence: (tenantId) => upstream.apiOf(tenantId) === "graph",
      fetchMachines: (tenantId, ids) => deps.machines.listMachines(tenantId, { ids }),
      cacheTtlMs: env.MACHINE_CACHE_TTL_MS,
      requestDeadlineMs: env.UPSTREAM_REQUEST_DEADLINE_MS,
    }),
    alertEvents: createAlertEventService({ events: store.events }),
    incidentEvents: createIncidentEventService({ events: store.incidentEvents }),
    accessGrants: createAccessGrantService({
      documents: store.documents,
      source: grantSource,
      tenantExists: (id) => registry.get(id) !== undefined,
      defaultTtlMs: env.GRANT_DEFAULT_TTL_DAYS * 86_400_000,
      onChange: (g) => {
        const last = g.history.at(-1);
        logger.info(
          {
            grantId: g.id,
            tenantId: g.tenantId,
            subject: `${g.subject.kind}:${g.subject.id}`,
            role: g.role,
            from: last?.from,
            to: g.status,
            by: last?.by.id,
          },
          "access grant changed",
        );
      },
    }),
    notifications: notifications.service,
    sharedIndicators: createSharedIndicatorService({ indicators: store.indicators }),
  };
  return {
    services,
    liveHub,
    incidentHub,
    notifications,
    record,
    recordPending,
    recordIncidents,
    recordPendingIncidents: (tenantId, fence) => recordPendingIncidentChanges(store, tenantId, { fence }),
  };
}
