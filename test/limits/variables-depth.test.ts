import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import WebSocket from "ws";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { checkVariablesDepth, variablesDepth } from "../../src/limits/variables-depth.js";

/** Issue 13 item 13: deeply nested variables are a 400 BAD_REQUEST, never a 500 or a stack overflow. */
describe("variables nesting limit", () => {
  let gw: TestGateway;
  let token: string;
  let loggedErrors: MockInstance;

  beforeAll(async () => {
    // The response cache stays on: its key used to JSON.stringify the variables and overflow the stack.
    gw = await startGateway({
      SIM_TENANTS: "1",
      SIM_ALERTS_PER_TENANT: "2",
      LIMIT_MAX_VARIABLES_DEPTH: "8",
      RESPONSE_CACHE_TTL_MS: "5000",
    });
    token = await gw.token("alice");
    loggedErrors = vi.spyOn(gw.app.logger, "error");
  });
  afterAll(() => gw?.close());

  const deepArray = (levels: number): unknown => {
    let v: unknown = [];
    for (let i = 1; i < levels; i++) v = [v];
    return v;
  };
  const post = (body: string) =>
    fetch(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });

  it("answers a 40,000-deep array with 400 BAD_REQUEST and a clear message", async () => {
    const body = `{"query":"query($f: AlertFilter) { alerts(filter: $f, first: 1) { totalCount } }","variables":{"f":{"tenantIds":${"[".repeat(40_000)}${"]".repeat(40_000)}}}}`;
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(json.errors[0].extensions).toEqual({ code: "BAD_REQUEST", limit: "variablesDepth", max: 8 });
    expect(json.errors[0].message).toBe("variables are nested more than 8 levels deep (the limit); flatten them");
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it("refuses one level past the limit; ordinary variables pass", async () => {
    const query = "query($x: [ID!]) { alerts(filter: { tenantIds: $x }, first: 1) { totalCount } }";
    // { x: [[…]] } is 1 (object) + array levels deep.
    const over = await post(JSON.stringify({ query, variables: { x: deepArray(8) } }));
    expect(over.status).toBe(400);
    const fine = await post(JSON.stringify({ query, variables: { x: ["a"] } }));
    expect(fine.status).toBe(200);
  });

  it("checks GET requests' variables too", async () => {
    const q = encodeURIComponent("query($x: [ID!]) { alerts(filter: { tenantIds: $x }, first: 1) { totalCount } }");
    const res = await fetch(`${gw.url}/graphql?query=${q}&variables=${encodeURIComponent(JSON.stringify({ x: deepArray(20) }))}`, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "1" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  const subscription = "subscription($f: AlertFilter) { alertEvents(filter: $f) { cursor } }";

  it("refuses deep variables of a subscription over SSE with 400 BAD_REQUEST", async () => {
    const res = await fetch(`${gw.url}/graphql/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: subscription, variables: { f: { tenantIds: deepArray(20) } } }),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(json.errors[0].extensions).toMatchObject({ code: "BAD_REQUEST", limit: "variablesDepth", max: 8 });
  });

  it("refuses deep variables of a subscription over WebSocket with an error message (BAD_REQUEST)", async () => {
    const client = createClient({
      url: gw.url.replace(/^http/, "ws") + "/graphql",
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: subscription, variables: { f: { tenantIds: deepArray(20) } } },
          { next: () => undefined, error: resolve, complete: () => resolve(null) },
        );
      });
      expect(errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_REQUEST", limit: "variablesDepth" }) }),
      ]);
    } finally {
      await client.dispose();
    }
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it("measures depth without recursion (one function for every transport)", () => {
    expect(variablesDepth({ a: 1 }, 32)).toBe(1);
    expect(variablesDepth({ a: [{}] }, 32)).toBe(3);
    expect(variablesDepth(deepArray(100_000), 32)).toBe(33); // stops counting past the limit
    expect(checkVariablesDepth({ a: [1] }, 2)).toBeNull();
    expect(checkVariablesDepth({ a: [[1]] }, 2)?.extensions.code).toBe("BAD_REQUEST");
  });
});
