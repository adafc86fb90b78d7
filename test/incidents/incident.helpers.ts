import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { SSE_PATH } from "../../src/transport/transport.constants.js";
import type { GraphIncident } from "../../src/upstream/graph.types.js";
import {
  IncidentEventsSinceDocument,
  IncidentsDocument,
  type IncidentEventsSubscription,
  type IncidentFilter,
  type IncidentsQuery,
  type IncidentsQueryVariables,
} from "../generated/graphql.js";
import type { TestGateway } from "../helpers/gateway.js";
import { operation, postGraphQL, type GqlResult } from "../helpers/operations.js";
import { wsUrl } from "../subscriptions/live.helpers.js";

/** The text of schema/operations/incident-events.graphql, for the WebSocket and SSE clients (they send text). */
export const INCIDENT_EVENTS = operation("incident-events");

/** Graph's camelCase enum spelling → the gateway's (`inProgress` → `IN_PROGRESS`). */
export const gatewayEnum = (v: string | null | undefined): string | null => (v ? v.replace(/([A-Z])/g, "_$1").toUpperCase() : null);

/** Every incident of the tenant as upstream (the simulator) has it now, alerts included. */
export const truthOf = (gw: TestGateway, tenantId: string): (GraphIncident & { tenantId: string })[] =>
  gw.app.simulator!.control.listIncidents(tenantId).map((i) => ({ ...i, tenantId }));

export const isRedirected = (i: GraphIncident) => i.status === "redirected" || Boolean(i.redirectIncidentId);

export type QueueNode = IncidentsQuery["incidents"]["edges"][number]["node"];

/** Reads every page of the incident queue (page size `first`), in order. */
export async function walkQueue(
  gw: TestGateway,
  variables: Omit<IncidentsQueryVariables, "first" | "after"> = {},
  opts: { user?: string; first?: number; between?: (page: number) => Promise<void> } = {},
): Promise<{ nodes: QueueNode[]; totalCount: number; pages: number }> {
  const nodes: QueueNode[] = [];
  let after: string | null = null;
  for (let page = 0; ; page++) {
    const res: GqlResult<IncidentsQuery> = await gw.gql(
      IncidentsDocument,
      { ...variables, first: opts.first ?? 10, after },
      { user: opts.user },
    );
    if (res.body.errors) throw new Error(`incidents failed: ${JSON.stringify(res.body.errors)}`);
    const conn: IncidentsQuery["incidents"] = res.body.data!.incidents;
    nodes.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) return { nodes, totalCount: conn.totalCount, pages: page + 1 };
    after = conn.pageInfo.endCursor ?? null;
    await opts.between?.(page);
  }
}

/** What tests compare: one incident event as a subscriber saw it. */
export interface SeenIncidentEvent {
  cursor: string;
  kind: string;
  tenantId: string;
  incidentId: string;
  status: string;
  assignedTo: string | null;
  lastUpdateDateTime: string | null;
}

/** An event as the subscription returns it; the pull feed's nodes have the same fields. */
type EventNode = IncidentEventsSubscription["incidentEvents"];

const toSeen = (e: EventNode): SeenIncidentEvent => ({
  cursor: e.cursor,
  kind: e.kind,
  tenantId: e.tenantId,
  incidentId: e.incident.id,
  status: e.incident.status,
  assignedTo: e.incident.assignedTo,
  lastUpdateDateTime: e.incident.lastUpdateDateTime,
});

/** Reads the whole incident pull feed after `after`; returns the events and the final cursor. */
export async function pullIncidentEvents(
  url: string,
  token: string,
  opts: { after?: string | null; filter?: IncidentFilter | null } = {},
): Promise<{ events: SeenIncidentEvent[]; endCursor: string | null }> {
  const events: SeenIncidentEvent[] = [];
  let after = opts.after ?? null;
  for (;;) {
    const res = await postGraphQL(url, IncidentEventsSinceDocument, { after, first: 1000, filter: opts.filter ?? null }, token);
    if (res.body.errors) throw new Error(`incidentEventsSince failed: ${JSON.stringify(res.body.errors)}`);
    const page = res.body.data!.incidentEventsSince;
    events.push(...page.edges.map((e) => toSeen(e.node)));
    after = page.pageInfo.endCursor ?? null;
    if (!page.pageInfo.hasNextPage) return { events, endCursor: after };
  }
}

/** A graphql-ws subscriber of `incidentEvents` that records every event; `start` again resumes from the last cursor seen. */
export class IncidentWsSubscriber {
  readonly events: SeenIncidentEvent[] = [];
  readonly errors: unknown[] = [];
  private client: Client | null = null;
  private dispose: (() => void) | null = null;

  constructor(
    private readonly token: string,
    private readonly variables: { filter?: IncidentFilter | null; after?: string | null } = {},
  ) {}

  get lastCursor(): string | null {
    return this.events.at(-1)?.cursor ?? this.variables.after ?? null;
  }

  start(httpUrl: string, after: string | null = this.lastCursor): this {
    this.client = createWsClient({
      url: wsUrl(httpUrl),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${this.token}` },
    });
    this.dispose = this.client.subscribe<IncidentEventsSubscription>(
      { query: INCIDENT_EVENTS, variables: { filter: this.variables.filter ?? null, after } },
      {
        next: (r) => (r.errors ? this.errors.push(r.errors) : this.events.push(toSeen(r.data!.incidentEvents))),
        error: (e) => this.errors.push(e),
        complete: () => {},
      },
    );
    return this;
  }

  async stop(): Promise<void> {
    this.dispose?.();
    await this.client?.dispose();
  }
}

/** Subscribes to `incidentEvents` over graphql-sse (distinct connections) and records events. */
export function sseIncidentSubscribe(
  httpUrl: string,
  token: string,
  variables: { filter?: IncidentFilter | null; after?: string | null } = {},
) {
  const state = { events: [] as SeenIncidentEvent[], errors: [] as unknown[] };
  const client = createSseClient({
    url: `${httpUrl}${SSE_PATH}`,
    singleConnection: false,
    retryAttempts: 0,
    headers: { authorization: `Bearer ${token}` },
  });
  const dispose = client.subscribe<IncidentEventsSubscription>(
    { query: INCIDENT_EVENTS, variables: { filter: variables.filter ?? null, after: variables.after ?? null } },
    {
      next: (r) => (r.errors ? state.errors.push(r.errors) : state.events.push(toSeen(r.data!.incidentEvents))),
      error: (e) => state.errors.push(e),
      complete: () => {},
    },
  );
  return Object.assign(state, {
    stop: () => {
      dispose();
      client.dispose();
    },
  });
}

/** `kind:incidentId:status` of each event, for readable assertion diffs. */
export const incidentIds = (events: SeenIncidentEvent[]) => events.map((e) => `${e.kind}:${e.incidentId}:${e.status}`);
