import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntrospectionQuery } from "graphql";
import { rawSocket, wsErrors } from "../subscriptions/live.helpers.js";
import { SSE_PATH } from "../../src/transport/transport.constants.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

/** Documents that break one limit each (defaults: depth 6, aliases 15, directives 50, tokens 1,000, cost 5,000, root fields 10). */
const ABUSE = {
  depth: "{ tenants { alerts { edges { node { tenant { alerts { edges { node { id } } } } } } } } }",
  aliases: `{ me { ${Array.from({ length: 16 }, (_, i) => `a${i}: displayName`).join(" ")} } }`,
  directives: `{ me { displayName ${Array.from({ length: 51 }, () => "@include(if: true)").join(" ")} } }`,
  tokens: `{ me { ${Array.from({ length: 1_100 }, () => "displayName").join(" ")} } }`,
  cost: "{ alerts(first: 100) { edges { node { id title severity status category tenant { id name region portalUrl } machine { id computerDnsName osPlatform healthStatus } } } } }",
  rootFields: `{ ${Array.from({ length: 11 }, (_, i) => `m${i}: me { id }`).join(" ")} }`,
} as const;

const SUBSCRIPTION_ABUSE = {
  depth: "subscription { alertEvents { alert { tenant { alerts { edges { node { tenant { id } } } } } } } }",
  aliases: `subscription { alertEvents { ${Array.from({ length: 16 }, (_, i) => `c${i}: cursor`).join(" ")} } }`,
  tokens: `subscription { alertEvents { ${Array.from({ length: 1_100 }, () => "cursor").join(" ")} } }`,
} as const;

describe("query limits", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  for (const [limit, query] of Object.entries(ABUSE)) {
    it(`refuses a document over the ${limit} limit over HTTP: 400 QUERY_TOO_COMPLEX, nothing executed`, async () => {
      const res = await gw.gql(query);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.data).toBeUndefined();
      const [error] = res.body.errors!;
      expect(error.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit });
      expect(error.message).toMatch(/limit|tokens/);
      expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|Did you mean/);
    });
  }

  it("lets ordinary documents through, including the example operations and GraphiQL's introspection", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const introspection = await gw.gql(
      getIntrospectionQuery({
        descriptions: true,
        inputValueDeprecation: true,
        schemaDescription: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
      }),
    );
    expect(introspection.status).toBe(200);
    expect((introspection.body.data as IntrospectionQuery).__schema.queryType.name).toBe("Query");
    const page = await gw.gql(
      "query Page($first: Int) { alerts(first: $first) { totalCount edges { node { id title severity tenant { name } machine { computerDnsName osPlatform } } } } }",
      { first: 100 },
    );
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
  });

  it("allows introspection only with a valid token", async () => {
    const res = await gw.gql("{ __schema { queryType { name } } }", undefined, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    expect(JSON.stringify(res.body)).not.toMatch(/Query/);
  });

  it("hides field suggestions", async () => {
    const res = await gw.gql("{ tenantz { id } me { displayNam } }");
    expect(res.status).toBe(400);
    expect(res.body.errors!.length).toBeGreaterThan(0);
    for (const e of res.body.errors!) {
      expect(e.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(e.message).not.toMatch(/Did you mean|tenants|displayName"/);
    }
  });

  it("applies the same limits to subscription documents over WebSocket (error message, socket stays open)", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice"));
    const ids = Object.keys(SUBSCRIPTION_ABUSE);
    for (const [limit, query] of Object.entries(SUBSCRIPTION_ABUSE)) s.send({ id: limit, type: "subscribe", payload: { query } });
    const errors = await waitFor(
      () => {
        const got = s.messages.filter((m) => m.type === "error");
        return got.length === ids.length ? got : null;
      },
      { what: "one error message per over-limit subscription" },
    );
    for (const e of errors) {
      expect(wsErrors(e)[0].extensions, JSON.stringify(e)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: e.id });
      expect(JSON.stringify(e.payload)).not.toMatch(/stacktrace/);
    }
    // still usable: a valid subscription is accepted (no error for it)
    s.send({ id: "ok", type: "subscribe", payload: { query: "subscription { alertEvents { cursor kind } }" } });
    s.send({ type: "ping" });
    await waitFor(() => s.messages.some((m) => m.type === "pong"), { what: "pong" });
    expect(s.messages.filter((m) => m.id === "ok" && m.type === "error")).toEqual([]);
    s.ws.close();
  });

  it("applies the same limits to subscriptions over SSE", async () => {
    const res = await fetch(`${gw.url}/graphql/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${await gw.token("alice")}` },
      body: JSON.stringify({ query: SUBSCRIPTION_ABUSE.depth }),
    });
    const text = await res.text();
    expect(res.status, text).toBeGreaterThanOrEqual(400);
    expect(text).toMatch(/QUERY_TOO_COMPLEX/);
  });
});

describe("per-caller rate limit", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_PER_CALLER: "5", RATE_LIMIT_WINDOW_S: "60" });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers 429 RATE_LIMITED with Retry-After once a caller's allowance is spent, per caller", async () => {
    const token = await gw.token("bob");
    const send = () =>
      fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ me { id } }" }),
      });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 7; i++) {
      last = await send();
      statuses.push(last.status);
      if (last.status === 200) await last.text();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const retryAfter = Number(last!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await last!.json();
    expect(body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    // another caller is unaffected
    expect((await gw.gql("{ me { id } }", undefined, { user: "carol" })).status).toBe(200);
  });
  it("charges the same allowance for subscriptions over WebSocket and SSE", async () => {
    const token = await gw.token("dave");
    for (let i = 0; i < 5; i++) expect((await gw.gql("{ me { id } }", undefined, { token })).status).toBe(200);
    // WebSocket: the subscribe message is refused with an error message; the socket stays open
    const sock = await rawSocket(gw.url);
    await sock.init(token);
    sock.send({ id: "1", type: "subscribe", payload: { query: "subscription { alertEvents { cursor } }" } });
    const err = await waitFor(() => sock.messages.find((m) => m.type === "error" && m.id === "1"), { what: "error message" });
    expect(wsErrors(err)[0].extensions?.code).toBe("RATE_LIMITED");
    expect(sock.ws.readyState).toBe(sock.ws.OPEN);
    sock.ws.close();
    // SSE: HTTP 429 with Retry-After
    const res = await fetch(`${gw.url}${SSE_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "subscription { alertEvents { cursor } }" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await res.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
  });
});
