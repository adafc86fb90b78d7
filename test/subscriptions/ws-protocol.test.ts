import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SSE_PATH, CloseCode } from "../../src/transport/transport.constants.js";
import { TenantIdsDocument, type TenantIdsQuery } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { queryText, type GqlResult } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import { ALERT_EVENTS, rawSocket, wsErrors } from "./live.helpers.js";

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
