import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { SSE_PATH, WS_PATH } from "../../src/transport/transport.constants.js";
import { AlertEventsSinceDocument, type AlertEventsSubscription, type AlertFilter } from "../generated/graphql.js";
import { operation, postGraphQL, type GqlError } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";

/** The text of schema/operations/alert-events.graphql, for clients and raw protocol checks that send text. */
export const ALERT_EVENTS = operation("alert-events");

/** What tests compare: one event as a subscriber saw it. */
export interface SeenEvent {
  cursor: string;
  kind: string;
  tenantId: string;
  alertId: string;
  lastUpdateTime: string | null;
}

/** An event as the subscription returns it; the pull feed's nodes have the same fields. */
type EventNode = AlertEventsSubscription["alertEvents"];

const toSeen = (e: EventNode): SeenEvent => ({
  cursor: e.cursor,
  kind: e.kind,
  tenantId: e.tenantId,
  alertId: e.alert.id,
  lastUpdateTime: e.alert.lastUpdateDateTime,
});

export const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, "ws")}${WS_PATH}`;

/** Reads the whole pull feed after `after`; returns the events and the final cursor. */
export async function pullAll(
  url: string,
  token: string,
  opts: { after?: string | null; filter?: AlertFilter | null } = {},
): Promise<{ events: SeenEvent[]; endCursor: string | null }> {
  const events: SeenEvent[] = [];
  let after = opts.after ?? null;
  for (;;) {
    const res = await postGraphQL(url, AlertEventsSinceDocument, { after, first: 1000, filter: opts.filter ?? null }, token);
    if (res.body.errors) throw new Error(`alertEventsSince failed: ${JSON.stringify(res.body.errors)}`);
    const page = res.body.data!.alertEventsSince;
    events.push(...page.edges.map((e) => toSeen(e.node)));
    after = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { events, endCursor: after };
  }
}

/**
 * A graphql-ws subscriber that records every event and how its socket closed; `resume(url)` reconnects
 * (possibly to another replica) from the last cursor it saw, as a real client would.
 */
export class WsSubscriber {
  readonly events: SeenEvent[] = [];
  readonly errors: unknown[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  completed = false;
  private client: Client | null = null;
  private dispose: (() => void) | null = null;

  constructor(
    private readonly token: () => Promise<string> | string,
    private readonly variables: { filter?: AlertFilter | null; after?: string | null } = {},
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
      onNonLazyError: () => {}, // closes are recorded in `closes`
      connectionParams: async () => ({ authorization: `Bearer ${await this.token()}` }),
      on: { closed: (e) => this.closes.push({ code: (e as { code: number }).code, reason: String((e as { reason: string }).reason) }) },
    });
    this.dispose = this.client.subscribe<AlertEventsSubscription>(
      { query: ALERT_EVENTS, variables: { filter: this.variables.filter ?? null, after } },
      {
        next: (r) => (r.errors ? this.errors.push(r.errors) : this.events.push(toSeen(r.data!.alertEvents))),
        error: (e) => this.errors.push(e),
        complete: () => (this.completed = true),
      },
    );
    return this;
  }

  /** Reconnects from the last cursor seen (after the old connection failed or was stopped). */
  resume(httpUrl: string): this {
    void this.client?.dispose();
    return this.start(httpUrl, this.lastCursor);
  }

  async stop(): Promise<void> {
    this.dispose?.();
    await this.client?.dispose();
  }
}

/** Subscribes over graphql-sse (distinct connections) and records events. */
export function sseSubscribe(httpUrl: string, token: string, variables: { filter?: AlertFilter | null; after?: string | null } = {}) {
  const state = { events: [] as SeenEvent[], errors: [] as unknown[], completed: false };
  const client = createSseClient({
    url: `${httpUrl}${SSE_PATH}`,
    singleConnection: false,
    retryAttempts: 0,
    headers: { authorization: `Bearer ${token}` },
  });
  const dispose = client.subscribe<AlertEventsSubscription>(
    { query: ALERT_EVENTS, variables: { filter: variables.filter ?? null, after: variables.after ?? null } },
    {
      next: (r) => (r.errors ? state.errors.push(r.errors) : state.events.push(toSeen(r.data!.alertEvents))),
      error: (e) => state.errors.push(e),
      complete: () => (state.completed = true),
    },
  );
  return Object.assign(state, {
    stop: () => {
      dispose();
      client.dispose();
    },
  });
}

/** A graphql-transport-ws message from the server, as parsed JSON. */
export interface WsMessage {
  type: string;
  id?: string;
  /** `error`: the subscribe's GraphQL errors; `next`: an execution result; other types: protocol data or none. */
  payload?: unknown;
}

/** The GraphQL errors of an `error` message; none for any other message. */
export const wsErrors = (m: WsMessage): GqlError[] => (m.type === "error" && Array.isArray(m.payload) ? (m.payload as GqlError[]) : []);

/** A bare graphql-transport-ws socket for protocol-level checks (close codes). */
export async function rawSocket(httpUrl: string) {
  const ws = new WebSocket(wsUrl(httpUrl), "graphql-transport-ws");
  const messages: WsMessage[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on("message", (d: Buffer) => messages.push(JSON.parse(d.toString("utf8")) as WsMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    messages,
    closed,
    send: (msg: unknown) => ws.send(typeof msg === "string" ? msg : JSON.stringify(msg)),
    /** Sends connection_init and waits for the ack. */
    async init(token: string) {
      ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
      await waitFor(() => messages.some((m) => m.type === "connection_ack"), { what: "connection_ack" });
    },
  };
}

/** Alert ids of `events` in order (for readable assertion diffs). */
export const ids = (events: SeenEvent[]) => events.map((e) => `${e.kind}:${e.alertId}`);
