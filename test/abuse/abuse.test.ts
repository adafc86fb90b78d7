import { monitorEventLoopDelay } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/transport/transport.constants.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { rawSocket } from "../subscriptions/live.helpers.js";

interface Sent {
  status: number;
  body: string;
}

/** Abusive HTTP requests: each must get a clean 4xx with `extensions.code`, never a stack or a schema hint. */
function cases(token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const json = { "content-type": "application/json", ...auth };
  return [
    { name: "malformed JSON", init: { headers: json, body: '{"query": "{ me { id } }"' }, status: 400, code: "BAD_REQUEST" },
    { name: "query is a number", init: { headers: json, body: JSON.stringify({ query: 123 }) }, status: 400, code: "BAD_REQUEST" },
    {
      name: "variables is a string",
      init: { headers: json, body: JSON.stringify({ query: "{ me { id } }", variables: "x" }) },
      status: 400,
      code: "BAD_REQUEST",
    },
    { name: "no query", init: { headers: json, body: "{}" }, status: 400, code: "BAD_REQUEST" },
    {
      name: "array batch",
      init: { headers: json, body: JSON.stringify([{ query: "{ me { id } }" }, { query: "{ me { id } }" }]) },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "200 kB body",
      init: { headers: json, body: JSON.stringify({ query: `{ me { id } } # ${"x".repeat(200_000)}` }) },
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
    },
    {
      name: "syntax error",
      init: { headers: json, body: JSON.stringify({ query: "{ me { id " }) },
      status: 400,
      code: "GRAPHQL_PARSE_FAILED",
    },
    {
      name: "unknown field",
      init: { headers: json, body: JSON.stringify({ query: "{ tenantz { id } }" }) },
      status: 400,
      code: "GRAPHQL_VALIDATION_FAILED",
    },
    {
      name: "wrong variable type",
      init: {
        headers: json,
        body: JSON.stringify({ query: "query($n: Int) { alerts(first: $n) { totalCount } }", variables: { n: "lots" } }),
      },
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      name: "wrong variable type in an input object",
      init: {
        headers: json,
        body: JSON.stringify({
          query: "query($f: AlertFilter) { alerts(filter: $f) { totalCount } }",
          variables: { f: { severities: ["NOT_A_SEVERITY"] } },
        }),
      },
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      name: "depth 50",
      init: {
        headers: json,
        body: JSON.stringify({ query: `{ ${"tenants { alerts { edges { node { tenant { ".repeat(10)} id ${"} } } } } ".repeat(10)} }` }),
      },
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    {
      name: "100 aliases",
      init: {
        headers: json,
        body: JSON.stringify({ query: `{ me { ${Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(" ")} } }` }),
      },
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    {
      name: "500 directives",
      init: { headers: json, body: JSON.stringify({ query: `{ me { id ${"@skip(if: false) ".repeat(500)} } }` }) },
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    {
      name: "5,000 tokens",
      init: { headers: json, body: JSON.stringify({ query: `{ me { ${"id ".repeat(5_000)} } }` }) },
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    {
      name: "no token",
      init: { headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ me { id } }" }) },
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "garbage token",
      init: {
        headers: { "content-type": "application/json", authorization: "Bearer a.b.c" },
        body: JSON.stringify({ query: "{ me { id } }" }),
      },
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "text/plain body (CSRF)",
      init: { headers: { "content-type": "text/plain", ...auth }, body: '{"query":"{ me { id } }"}' },
      status: 400,
      code: "BAD_REQUEST",
    },
  ];
}

async function send(url: string, init: { headers: Record<string, string>; body: string }): Promise<Sent> {
  const res = await fetch(`${url}/graphql`, { method: "POST", ...init });
  return { status: res.status, body: await res.text() };
}

describe("abuse: malformed and hostile requests", () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_PER_CALLER: "1000000" });
    token = await gw.token("alice");
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers every hostile HTTP request with the right 4xx and an error code, without stacks or schema hints", async () => {
    for (const c of cases(token)) {
      const res = await send(gw.url, c.init);
      expect(res.status, `${c.name}: ${res.body.slice(0, 300)}`).toBe(c.status);
      const body = JSON.parse(res.body);
      expect(body.errors?.[0]?.extensions?.code, `${c.name}: ${res.body.slice(0, 300)}`).toBe(c.code);
      expect(body.data, c.name).toBeUndefined();
      expect(res.body, c.name).not.toMatch(/stacktrace|\n\s+at |node_modules|Did you mean/);
    }
  });

  it("closes the WebSocket with 4400 on malformed messages", async () => {
    const bad: unknown[] = [
      "{not json",
      JSON.stringify({ type: "nope" }),
      JSON.stringify({ type: "subscribe", payload: { query: "subscription { alertEvents { cursor } }" } }), // no id
      JSON.stringify({ id: 1, type: "subscribe", payload: { query: "subscription { alertEvents { cursor } }" } }), // id not a string
      JSON.stringify({ id: "x", type: "subscribe", payload: "not an object" }),
      JSON.stringify([1, 2, 3]),
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (const msg of bad) {
      const s = await rawSocket(gw.url);
      await s.init(token);
      s.ws.send(msg as string);
      expect((await s.closed).code, String(msg)).toBe(CloseCode.BAD_REQUEST);
    }
    // before connection_init, too
    const s = await rawSocket(gw.url);
    s.send('{"type": 42}');
    expect((await s.closed).code).toBe(CloseCode.BAD_REQUEST);
  });

  it("stays healthy under a flood of hostile requests (memory and event-loop lag before/after)", async () => {
    const all = cases(token);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    // A real collection before each sample, so heap figures compare live objects, not garbage.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const sample = async () => {
      gc();
      const m = process.memoryUsage();
      const t0 = performance.now();
      const res = await fetch(`${gw.url}/healthz`);
      return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, healthzMs: performance.now() - t0, healthz: res.status };
    };
    // warm up every path once so lazily built state (JIT, caches) is not counted as growth
    for (const c of all) await send(gw.url, c.init);
    const before = await sample();
    lag.enable();
    const started = performance.now();
    const TOTAL = 800;
    let next = 0;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < TOTAL) {
          const c = all[next++ % all.length];
          const res = await send(gw.url, c.init);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const floodMs = performance.now() - started;
    lag.disable();
    const after = await sample();
    const report = {
      requests: TOTAL,
      floodMs: Math.round(floodMs),
      statuses: Object.fromEntries(statuses),
      rssMb: [Math.round(before.rssMb), Math.round(after.rssMb)],
      heapMb: [Math.round(before.heapMb), Math.round(after.heapMb)],
      eventLoopLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
      healthzMs: [Math.round(before.healthzMs), Math.round(after.healthzMs)],
    };
    console.log("abuse flood report", JSON.stringify(report));
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(after.healthz).toBe(200);
    expect((await gw.gql("{ me { id } }")).status).toBe(200);
    // loose bounds: this checks for leaks and stalls, not performance
    expect(after.heapMb - before.heapMb).toBeLessThan(150);
    expect(report.eventLoopLagMs.p99).toBeLessThan(500);
  });
});
