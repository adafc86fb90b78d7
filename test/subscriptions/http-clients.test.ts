import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { Client as UrqlClient, fetchExchange } from "@urql/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SSE_PATH } from "../../src/transport/transport.constants.js";
import { AlertEventsDocument, ClientSetStatusDocument, ClientTenantsDocument, MyIdDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { sample } from "../helpers/metrics.js";
import { waitFor } from "../helpers/wait.js";
import { ALERT_EVENTS, pullAll, sseSubscribe } from "./live.helpers.js";

/** Standard GraphQL clients with their default settings against /graphql: content negotiation, SSE, multipart. */
describe("GraphQL over HTTP with standard clients", () => {
  let gw: TestGateway;
  let alice: string;
  let tenant: string;
  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
    alice = await gw.token("alice");
    tenant = gw.app.simulator!.tenants[0].id;
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** Creates alerts upstream and syncs until `seen()` holds (a client may still be connecting). */
  const produceUntil = async (title: string, seen: () => boolean) =>
    waitFor(
      async () => {
        gw.app.simulator!.control.createAlert(tenant, { title });
        await gw.app.sync.syncNow(tenant);
        return waitFor(seen, { timeoutMs: 1_000, what: title }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 20_000, intervalMs: 10, what: `${title} to arrive` },
    );

  const streamGauges = async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    return {
      subscribers: sample(text, "gateway_subscribers") ?? -1,
      sse: sample(text, "gateway_live_connections", { transport: "sse" }) ?? -1,
    };
  };

  it("urql with its default Accept (event-stream and multipart listed) gets query results from the JSON handler", async () => {
    const client = new UrqlClient({
      url: `${gw.url}/graphql`,
      exchanges: [fetchExchange],
      fetchOptions: () => ({ headers: { authorization: `Bearer ${alice}` } }),
    });
    const res = await client.query(ClientTenantsDocument, {}).toPromise();
    expect(res.error?.message).toBeUndefined();
    expect(res.data!.tenants.map((t) => t.id)).toContain(tenant);
    const mutation = await client
      .mutation(ClientSetStatusDocument, {
        input: {
          tenantId: tenant,
          id: (await pullAll(gw.url, alice)).events.find((e) => e.tenantId === tenant)!.alertId,
          status: "IN_PROGRESS",
        },
      })
      .toPromise();
    expect(mutation.error).toBeUndefined();
    expect(mutation.data!.updateAlert.status).toBe("IN_PROGRESS");
  });

  it("urql's fetchSubscriptions receives live events over SSE on /graphql", async () => {
    const client = new UrqlClient({
      url: `${gw.url}/graphql`,
      exchanges: [fetchExchange],
      fetchSubscriptions: true,
      fetchOptions: () => ({ headers: { authorization: `Bearer ${alice}` } }),
    });
    const titles: string[] = [];
    const errors: unknown[] = [];
    const sub = client.subscription(AlertEventsDocument, {}).subscribe((r) => {
      if (r.error) errors.push(r.error);
      else if (r.data) titles.push(r.data.alertEvents.alert.title);
    });
    try {
      await produceUntil("urql live", () => titles.includes("urql live"));
      expect(errors).toEqual([]);
    } finally {
      sub.unsubscribe();
    }
    // The client's abort releases the subscription on the gateway.
    await waitFor(async () => (await streamGauges()).sse === 0, { what: "the urql stream to be released" });
  });

  it("Apollo Client's HTTP link runs a subscription over multipart HTTP (its default without a WebSocket link)", async () => {
    const client = new ApolloClient({
      link: ApolloLink.from([new HttpLink({ uri: `${gw.url}/graphql`, headers: { authorization: `Bearer ${alice}` } })]),
      cache: new InMemoryCache(),
    });
    const titles: string[] = [];
    const errors: unknown[] = [];
    const sub = client.subscribe({ query: AlertEventsDocument }).subscribe({
      next: (r) => {
        if (r.error) errors.push(r.error);
        const title = r.data?.alertEvents.alert.title;
        if (title) titles.push(title);
      },
      error: (e) => errors.push(e),
    });
    try {
      await produceUntil("apollo live", () => titles.includes("apollo live"));
      expect(errors).toEqual([]);
      // A query through the same link still gets plain JSON.
      const q = await client.query({ query: MyIdDocument });
      expect(q.data).toMatchObject({ me: { id: expect.any(String) } });
    } finally {
      sub.unsubscribe();
      client.stop();
    }
    await waitFor(async () => (await streamGauges()).sse === 0, { what: "the multipart stream to be released" });
  });

  it("answers a subscription sent as a plain JSON POST with 400 SUBSCRIPTION_TRANSPORT_REQUIRED naming the transports", async () => {
    for (const accept of ["application/json", "application/graphql-response+json, application/json;q=0.9", "*/*"]) {
      const res = await fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept, authorization: `Bearer ${alice}` },
        body: JSON.stringify({ query: ALERT_EVENTS }),
      });
      expect(res.status, accept).toBe(400);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe("SUBSCRIPTION_TRANSPORT_REQUIRED");
      expect(body.errors[0].extensions.transports.join(" ")).toMatch(/graphql-transport-ws.*text\/event-stream.*multipart/);
    }
    // GET too; and a query with an event-stream-only Accept is answered as one SSE result.
    const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent("subscription { alertEvents { cursor } }")}`, {
      headers: { accept: "application/json", authorization: `Bearer ${alice}` },
    });
    expect(get.status).toBe(400);
    const sse = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${alice}` },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await sse.text();
    expect(text).toMatch(/event: next\ndata: \{"data":\{"me":\{"id":/);
    expect(text).toMatch(/event: complete\n/);
  });

  it("releases an SSE subscription within 1 s of the client going away (aborted fetch, graphql-sse dispose)", async () => {
    const before = await streamGauges();
    expect(before).toEqual({ subscribers: 0, sse: 0 });
    const aborts = Array.from({ length: 3 }, () => new AbortController());
    const responses = await Promise.all(
      aborts.map((a) =>
        fetch(`${gw.url}${SSE_PATH}`, {
          method: "POST",
          signal: a.signal,
          headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${alice}` },
          body: JSON.stringify({ query: ALERT_EVENTS }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const sseClient = sseSubscribe(gw.url, alice);
    await waitFor(async () => (await streamGauges()).subscribers === 4, { what: "four subscribers" });
    expect(await streamGauges()).toEqual({ subscribers: 4, sse: 4 });

    for (const a of aborts) a.abort();
    sseClient.stop();
    await waitFor(
      async () => {
        const g = await streamGauges();
        return g.subscribers === 0 && g.sse === 0;
      },
      { timeoutMs: 1_000, intervalMs: 20, what: "the gauges back to 0 within 1 s" },
    );
  });
});
