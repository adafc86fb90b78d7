import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SSE_PATH, CloseCode } from "../../src/transport/transport.constants.js";
import { TenantIdsDocument, type TenantIdsQuery } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { queryText, type GqlResult } from "../helpers/operations.js";
import { sample } from "../helpers/metrics.js";
import { waitFor } from "../helpers/wait.js";
import WebSocket from "ws";
import { ALERT_EVENTS, rawSocket, wsErrors, wsUrl } from "./live.helpers.js";

/** graphql-ws authentication and close codes, at the protocol level (bare sockets). */
describe("WebSocket transport: authentication and close codes", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ WS_INIT_TIMEOUT_MS: "300" });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("closes with 4408 when no connection_init arrives within WS_INIT_TIMEOUT_MS", async () => {
    const s = await rawSocket(gw.url);
    const started = Date.now();
    const { code } = await s.closed;
    expect(code).toBe(CloseCode.INIT_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("closes with 4403 when the token in connection_init is missing, malformed, forged or expired", async () => {
    const expired = await gw.token("alice", { expiresInSec: -600 });
    for (const payload of [
      {},
      { authorization: "Bearer not-a-jwt" },
      { authorization: `Bearer ${expired}` },
      { Authorization: `Bearer ${expired.slice(0, -4)}AAAA` },
    ]) {
      const s = await rawSocket(gw.url);
      s.send({ type: "connection_init", payload });
      expect((await s.closed).code, JSON.stringify(Object.keys(payload))).toBe(CloseCode.FORBIDDEN);
    }
  });

  it("counts refused connection_init toward the address's refused budget, then answers the upgrade with 429", async () => {
    const limited = await startGateway({ AUTH_REFUSALS_PER_IP_PER_MIN: "2" });
    try {
      for (let i = 0; i < 2; i++) {
        const s = await rawSocket(limited.url);
        s.send({ type: "connection_init", payload: { authorization: "Bearer x.y.z" } });
        expect((await s.closed).code).toBe(CloseCode.FORBIDDEN);
      }
      const refused = await new Promise<{ status?: number; retryAfter?: string }>((resolve, reject) => {
        const ws = new WebSocket(wsUrl(limited.url), "graphql-transport-ws");
        ws.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode, retryAfter: res.headers["retry-after"] }));
        ws.once("open", () => reject(new Error("the upgrade was accepted")));
        ws.once("error", () => undefined);
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      // the same budget as HTTP: a POST from the address is refused too
      const res = await fetch(`${limited.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { username } }" }),
      });
      expect(res.status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("accepts the token as connectionParams.Authorization too", async () => {
    const s = await rawSocket(gw.url);
    s.send({ type: "connection_init", payload: { Authorization: `Bearer ${await gw.token("alice")}` } });
    await waitFor(() => s.messages.some((m) => m.type === "connection_ack"), { what: "ack" });
    s.ws.close();
  });

  it("closes with 4403 when the token expires on an open socket", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice", { expiresInSec: 2 }));
    s.send({ id: "1", type: "subscribe", payload: { query: ALERT_EVENTS } });
    const { code, reason } = await s.closed;
    expect(code).toBe(CloseCode.FORBIDDEN);
    expect(reason).toMatch(/expired/);
  });

  it("closes with 4400 on a malformed message", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice"));
    s.send("{not json");
    expect((await s.closed).code).toBe(CloseCode.BAD_REQUEST);
  });

  it("reports invalid documents and arguments as error messages with a code, keeping the socket open", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice"));
    s.send({ id: "v", type: "subscribe", payload: { query: "subscription { alertEvents { nope } }" } });
    s.send({ id: "c", type: "subscribe", payload: { query: ALERT_EVENTS, variables: { after: "not-a-cursor" } } });
    s.send({
      id: "f",
      type: "subscribe",
      payload: {
        query: "subscription($f: AlertFilter) { alertEvents(filter: $f) { cursor } }",
        variables: { f: { severities: ["NOPE"] } },
      },
    });
    await waitFor(() => s.messages.filter((m) => m.type === "error" || m.type === "next").length >= 3, { what: "three answers" });
    const f = s.messages.filter((m) => m.id === "f");
    expect(f.map((m) => m.type)).toEqual(["error"]);
    expect(wsErrors(f[0])[0].extensions?.code).toBe("BAD_USER_INPUT");
    const byId = Object.fromEntries(
      ["v", "c"].map((id) => [id, s.messages.find((m) => m.id === id && (m.type === "error" || m.type === "next"))]),
    );
    expect(byId.v!.type).toBe("error");
    expect(wsErrors(byId.v!)[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // Argument errors are the protocol's `error` message too (never `next` + `complete`).
    expect(byId.c!.type).toBe("error");
    expect(wsErrors(byId.c!)[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(s.messages.filter((m) => m.id === "c").map((m) => m.type)).toEqual(["error"]);
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    s.ws.close();
  });

  it("runs queries over the socket with the caller's authorization", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("bob"));
    s.send({ id: "q", type: "subscribe", payload: { query: queryText(TenantIdsDocument) } });
    await waitFor(() => s.messages.some((m) => m.id === "q" && m.type === "next"), { what: "query result" });
    const result = s.messages.find((m) => m.id === "q" && m.type === "next")!.payload as GqlResult<TenantIdsQuery>["body"];
    expect(result.data!.tenants).toHaveLength(1);
    s.ws.close();
  });

  it("keeps graphql-ws's protocol rules: 4401 before the ack, 4429 on a second init, 4409 on a reused id, 4406 without the subprotocol", async () => {
    const early = await rawSocket(gw.url);
    early.send({ id: "1", type: "subscribe", payload: { query: ALERT_EVENTS } });
    expect((await early.closed).code).toBe(4401);

    const twice = await rawSocket(gw.url);
    await twice.init(await gw.token("alice"));
    twice.send({ type: "connection_init", payload: {} });
    expect((await twice.closed).code).toBe(4429);

    const reused = await rawSocket(gw.url);
    await reused.init(await gw.token("alice"));
    reused.send({ id: "same", type: "subscribe", payload: { query: ALERT_EVENTS } });
    reused.send({ id: "same", type: "subscribe", payload: { query: ALERT_EVENTS } });
    const closed = await reused.closed;
    expect(closed.code).toBe(4409);
    expect(closed.reason).toBe("Subscriber for same already exists");

    const bare = new WebSocket(wsUrl(gw.url));
    expect(await new Promise<number>((resolve) => bare.once("close", (code) => resolve(code)))).toBe(4406);
  });

  it("stops a subscription on `complete`, and lets its id be used again", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice"));
    const subscribers = async () => sample(await (await fetch(`${gw.url}/metrics`)).text(), "gateway_subscribers") ?? -1;
    const before = await subscribers();
    s.send({ id: "a", type: "subscribe", payload: { query: ALERT_EVENTS } });
    await waitFor(async () => (await subscribers()) === before + 1, { what: "subscribed" });
    s.send({ id: "a", type: "complete" });
    await waitFor(async () => (await subscribers()) === before, { what: "released" });
    s.send({ id: "a", type: "subscribe", payload: { query: ALERT_EVENTS } });
    s.send({ type: "ping", payload: { n: 1 } });
    await waitFor(() => s.messages.some((m) => m.type === "pong"), { what: "pong" });
    expect(s.messages.find((m) => m.type === "pong")!.payload).toEqual({ n: 1 });
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    s.ws.close();
  });

  it("answers SSE requests without a valid bearer token with 401", async () => {
    const res = await fetch(`${gw.url}${SSE_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: ALERT_EVENTS }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
