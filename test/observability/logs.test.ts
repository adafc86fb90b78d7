import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayProcess, type GatewayProcess } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

/** Structured access logs of a real gateway process: request id, caller, operation, tenants; never a token. */
describe("request logs", () => {
  let gw: GatewayProcess;
  let token: string;
  beforeAll(async () => {
    gw = await startGatewayProcess({});
    token = ((await (await fetch(`${gw.url}/dev/token?user=alice`)).json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await gw?.kill();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  const entryFor = (requestId: string) =>
    waitFor(() => gw.logs.find((l) => l.requestId === requestId && l.msg === "request"), { what: `log line of ${requestId}` });

  it("logs one line per request with request id, caller, operation and tenants", async () => {
    const tenantId = "0962801e-0e6f-420c-a06c-9e014f4d3caf";
    const res = await post(
      { query: "query OneTenant($id: ID!) { tenant(id: $id) { name } }", variables: { id: tenantId }, operationName: "OneTenant" },
      { "x-request-id": "req-abc-123" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-abc-123");
    const entry = await entryFor("req-abc-123");
    expect(entry).toMatchObject({
      level: 30,
      method: "POST",
      route: "/graphql",
      status: 200,
      operation: { type: "query", name: "OneTenant" },
    });
    expect(entry.caller).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof entry.durationMs).toBe("number");
    expect(entry.replica).toBeTypeOf("string");
  });

  it("names tenants from arguments and variables, and error codes", async () => {
    const res = await post(
      { query: '{ alerts(filter: { tenantIds: ["fca56648-8347-407c-929a-bfaf5c4a56a6"] }, first: 1) { totalCount } nope }' },
      { "x-request-id": "req-tenants" },
    );
    expect(res.status).toBe(400);
    const entry = await entryFor("req-tenants");
    expect(entry).toMatchObject({ status: 400, errors: ["GRAPHQL_VALIDATION_FAILED"] });
    const ok = await post(
      {
        query: "query($f: AlertFilter) { alerts(filter: $f, first: 1) { totalCount } }",
        variables: { f: { tenantIds: ["fca56648-8347-407c-929a-bfaf5c4a56a6"] } },
      },
      { "x-request-id": "req-vars" },
    );
    expect(ok.status).toBe(200);
    expect((await entryFor("req-vars")).tenants).toEqual(["fca56648-8347-407c-929a-bfaf5c4a56a6"]);
  });

  it("makes up a request id when the client's is missing or unsafe", async () => {
    const res = await post({ query: "{ me { id } }" }, { "x-request-id": "bad id with spaces; and more" });
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await entryFor(id);
  });

  it("never writes a token or Authorization header to the log", async () => {
    await post({ query: "{ me { id } }" }, { "x-request-id": "req-last" });
    await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not.a.valid-token-xyz" },
      body: "{}",
    });
    await entryFor("req-last");
    const all = JSON.stringify(gw.logs);
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split(".")[2]);
    expect(all).not.toContain("valid-token-xyz");
    expect(all.toLowerCase()).not.toContain("bearer");
  });
});
