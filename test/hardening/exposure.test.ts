import { afterAll, describe, expect, it } from "vitest";
import { NotifyCreateRuleIdDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";
import { SSE_PATH } from "../../src/transport/transport.constants.js";

const CREATE = NotifyCreateRuleIdDocument;
const TEST = `mutation($ruleId: ID!) { sendTestNotification(ruleId: $ruleId) { id status } }`;

/** Issue 13 "also seen": demo tokens, /metrics off loopback, test-send budgets, per-IP refusal budget. */
describe("exposure of the embedded demo and abuse budgets", () => {
  const started: TestGateway[] = [];
  const start = async (env: Record<string, string>) => {
    const gw = await startGateway({ SIM_TENANTS: "1", SIM_ALERTS_PER_TENANT: "2", SYNC_POLL_INTERVAL_MS: "600000", ...env });
    started.push(gw);
    return gw;
  };
  afterAll(async () => {
    await Promise.all(started.map((g) => g.close()));
  });
  const local = (gw: TestGateway) => gw.url.replace("0.0.0.0", "127.0.0.1");
  const graphiql = (gw: TestGateway) => fetch(`${local(gw)}/graphql`, { headers: { accept: "text/html" } }).then((r) => r.text());

  it("serves /dev/token and GraphiQL's embedded token on loopback only, outside production, unless DEMO_TOKENS says otherwise", async () => {
    const dev = await start({ NODE_ENV: "development" });
    expect((await fetch(`${dev.url}/dev/token?user=alice`)).status).toBe(200);
    expect(await graphiql(dev)).toMatch(/Bearer ey/);

    const prod = await start({ NODE_ENV: "production" });
    expect((await fetch(`${prod.url}/dev/token?user=alice`)).status).toBe(404);
    expect(await graphiql(prod)).not.toMatch(/Bearer ey/);

    const exposed = await start({ HOST: "0.0.0.0" });
    expect((await fetch(`${local(exposed)}/dev/token?user=alice`)).status).toBe(404);
    expect(await graphiql(exposed)).not.toMatch(/Bearer ey/);

    const demo = await start({ NODE_ENV: "production", DEMO_TOKENS: "true" });
    expect((await fetch(`${demo.url}/dev/token?user=alice`)).status).toBe(200);
    const off = await start({ DEMO_TOKENS: "false" });
    expect((await fetch(`${off.url}/dev/token?user=alice`)).status).toBe(404);
  }, 300_000);

  it("/metrics needs an admin's bearer when HOST is not loopback (open on loopback)", async () => {
    const exposed = await start({ HOST: "0.0.0.0" });
    expect((await fetch(`${local(exposed)}/metrics`)).status).toBe(401);
    const analyst = await exposed.token("bob");
    expect((await fetch(`${local(exposed)}/metrics`, { headers: { authorization: `Bearer ${analyst}` } })).status).toBe(401);
    const admin = await exposed.token("admin", { roles: ["Gateway.Admin"] });
    const ok = await fetch(`${local(exposed)}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# HELP");
    const loopback = started[0];
    expect((await fetch(`${loopback.url}/metrics`)).status).toBe(200);
  }, 120_000);

  it("rate-limits test notification sends per rule and per caller with RATE_LIMITED and retry info", async () => {
    const gw = await start({
      NOTIFY_TEST_SENDS_PER_RULE_PER_HOUR: "2",
      NOTIFY_TEST_SENDS_PER_CALLER_PER_HOUR: "3",
      NOTIFY_RULE_CACHE_MS: "0",
    });
    const t = gw.app.registry.ids()[0];
    const rule = async (name: string) =>
      (await gw.gql(CREATE, { input: { tenantId: t, name, severities: ["HIGH"], recipients: ["soc@mssp.example"] } })).body.data!
        .createNotificationRule.id;
    const r1 = await rule("one");
    const r2 = await rule("two");
    expect((await gw.gql(TEST, { ruleId: r1 })).body.errors).toBeUndefined();
    expect((await gw.gql(TEST, { ruleId: r1 })).body.errors).toBeUndefined();
    const perRule = await gw.gql(TEST, { ruleId: r1 });
    expect(perRule.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/for this rule.*retry in \d+ s/),
      extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) },
    });
    // the refused send spent nothing of the caller's budget: one more goes through on another rule
    expect((await gw.gql(TEST, { ruleId: r2 })).body.errors).toBeUndefined();
    const perCaller = await gw.gql(TEST, { ruleId: r2 });
    expect(perCaller.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/from you/), extensions: { code: "RATE_LIMITED" } });
    // another caller still has its own budget (and the rule one send left)
    expect((await gw.gql(TEST, { ruleId: r2 }, { user: "carol" })).body.errors?.[0]?.extensions?.code).not.toBe("RATE_LIMITED");
  }, 120_000);

  it("refuses an address with 429 + Retry-After, before any token check, once it spent its refused-request budget", async () => {
    const gw = await start({ AUTH_REFUSALS_PER_IP_PER_MIN: "5" });
    for (let i = 0; i < 5; i++)
      expect((await postGraphQL(gw.url, "{ me { isAdmin } }", undefined, i % 2 ? "x.y.z" : null)).status).toBe(401);
    const res = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ me { isAdmin } }" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("RATE_LIMITED");
  }, 120_000);

  it("holds GET queries with a bearer to the same check: 401 with WWW-Authenticate, counted, then 429 (GraphiQL still opens)", async () => {
    const gw = await start({ AUTH_REFUSALS_PER_IP_PER_MIN: "3" });
    const url = `${gw.url}/graphql?query=${encodeURIComponent("{ me { isAdmin } }")}`;
    const get = (authorization: string) => fetch(url, { headers: { authorization, accept: "application/json" } });
    for (const bad of ["Bearer not.a.jwt", "Bearer x.y.z", "Basic YWxpY2U6c2VjcmV0"]) {
      const res = await get(bad);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    const limited = await get("Bearer not.a.jwt");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // the budget is the address's: a POST from it is refused as well, and an event stream by GET
    expect((await postGraphQL(gw.url, "{ me { isAdmin } }", undefined, "x.y.z")).status).toBe(429);
    const stream = await fetch(`${gw.url}${SSE_PATH}?query=${encodeURIComponent("subscription { alertEvents { cursor } }")}`, {
      headers: { authorization: "Bearer x.y.z", accept: "text/event-stream" },
    });
    expect(stream.status).toBe(429);
    // a browser opening the page carries no bearer: GraphiQL, not a refusal
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  }, 120_000);
});
