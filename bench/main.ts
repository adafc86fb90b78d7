/**
 * `npm run bench`: the six measurements of issue 7, each against an in-run baseline or a target, on this
 * machine, in one run. Prints a table and writes bench/results/latest.json. `BENCH_QUICK=1` runs a smaller
 * version (shorter loads, fewer events and alerts) in about a minute.
 *
 * Topology: the standalone simulator, the gateway(s) and the baselines each run as their own process
 * (remote mode, in-memory store); the load generator and the WebSocket clients run in this process.
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import {
  BENCH_GROUP,
  firstJsonLine,
  freePort,
  sleep,
  spawnNode,
  startGateway,
  startSimulator,
  waitForBackfill,
  type GatewayProc,
  type SimProc,
} from "./lib/proc.js";
import { percentile, round, runLoad, type LoadResult } from "./lib/load.js";
import { executedPageRows } from "./rows/page-exec.js";
import { closeAll, connectRaw, connectSubscribers, type Receiver } from "./lib/ws-clients.js";
import { INGEST_TARGETS, measureIngest } from "./rows/ingest.js";
import { sharedBenchmarks } from "./rows/shared.js";
import type { BenchRow } from "./lib/row.js";

const QUICK = process.env.BENCH_QUICK === "1";
/**
 * `BENCH_ONLY=page,fanout,freshness,ingest` runs a subset (default: those). The shared-mode rows (`shared`, S1–S3)
 * run only when named: at 100,000 alerts they take about 7 minutes here, past the full run's 6-minute budget.
 */
const ALL_ROWS = ["page", "fanout", "freshness", "ingest"];
const ONLY = new Set((process.env.BENCH_ONLY ?? ALL_ROWS.join(",")).split(",").map((s) => s.trim()));
/** A run that skips rows is not judged against the run-time budget. */
const SUBSET = ALL_ROWS.some((k) => !ONLY.has(k));
const CFG = {
  tenants: 10,
  alertsPerTenant: 200,
  load: { concurrency: 32, warmupMs: QUICK ? 2_000 : 4_000, durationMs: QUICK ? 5_000 : 15_000 },
  fanout: QUICK
    ? [
        { subscribers: 1_000, events: 20 },
        { subscribers: 5_000, events: 8 },
      ]
    : [
        { subscribers: 1_000, events: 100 },
        { subscribers: 5_000, events: 40 },
      ],
  /** Distinct analysts behind the subscribers (the gateway renders an event once per principal). */
  fanoutUsers: 20,
  freshness: { samples: QUICK ? 8 : 24, spreadMs: QUICK ? 8_000 : 20_000, pollIntervalMs: 5_000 },
  budget: { analysts: 200, durationMs: QUICK ? 20_000 : 60_000, thinkMs: [500, 1_500] as const },
  ingest: { tenants: 10, alertsPerTenant: QUICK ? 2_000 : 10_000 },
};

const PAGE = `query Page($first: Int) {
  alerts(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id tenantId title severity status category assignedTo alertCreationTime lastUpdateTime portalUrl
      tenant { name } machine { computerDnsName osPlatform healthStatus } } }
  }
}`;
const INCIDENT_PAGE = `query IncidentPage($first: Int) {
  incidents(first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id tenantId displayName severity status assignedTo lastUpdateDateTime alertCount portalUrl tenant { name } } }
  }
}`;
const SUBSCRIPTION =
  "subscription { alertEvents { cursor kind tenantId recordedAt alert { id title severity status assignedTo lastUpdateTime portalUrl } } }";

const rows: BenchRow[] = [];
const results: Record<string, unknown> = {};
const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function counters(sim: SimProc): Promise<{
  total: number;
  throttled: number;
  byTenant: Record<string, { total: number; throttled: number; byRoute: Record<string, number> }>;
}> {
  const byTenant: Record<string, { total: number; throttled: number; byRoute: Record<string, number> }> = {};
  let total = 0;
  let throttled = 0;
  for (const t of sim.info.tenants) {
    const c = await sim.control<{ total: number; throttled: number; byRoute: Record<string, number> }>(
      "GET",
      `/_sim/tenants/${t.id}/counters`,
    );
    byTenant[t.id] = c;
    total += c.total;
    throttled += c.throttled;
  }
  return { total, throttled, byTenant };
}

async function metricValue(gw: GatewayProc, name: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : NaN;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

/** #1b the same page on the legacy Defender API (device lookups batched per tenant and cached), beside the Graph row. */
async function legacyPageCalls(sim: SimProc, token: string): Promise<void> {
  const gw = await startGateway(sim, { UPSTREAM_API: "defender", SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000" });
  try {
    await waitForBackfill(gw, token, CFG.tenants * CFG.alertsPerTenant);
    await sim.control("DELETE", "/_sim/counters");
    type Page = { alerts: { edges: { node: { tenantId: string; machine: unknown } }[] } };
    const cold = await gw.gql<Page>(token, PAGE, { first: 100 });
    if (cold.body.errors) throw new Error(`legacy page query failed: ${JSON.stringify(cold.body.errors)}`);
    const coldCalls = await counters(sim);
    const warm = await gw.gql(token, PAGE, { first: 100 });
    const warmCalls = await counters(sim);
    const edges = cold.body.data!.alerts.edges;
    const tenantsInPage = new Set(edges.map((e) => e.node.tenantId)).size;
    results.upstreamCallsLegacy = { alerts: edges.length, tenantsInPage, cold: coldCalls.total, warm: warmCalls.total - coldCalls.total };
    log("#1b", results.upstreamCallsLegacy);
    rows.push({
      id: "1b",
      measure: `the same page on the legacy Defender API (cold / warm)`,
      value: `${coldCalls.total} / ${warmCalls.total - coldCalls.total}`,
      baseline: `${edges.length} (naive: 1 per alert)`,
      ratio: `${round(coldCalls.total / edges.length, 2)}× cold`,
      target: `≤ ${tenantsInPage} cold, 0 warm`,
      pass: coldCalls.total <= tenantsInPage && warmCalls.total === coldCalls.total && warm.status === 200,
    });
  } finally {
    await gw.stop();
  }
}

/** #1 upstream calls for one cross-tenant page with machines, and #2 its throughput against bare Apollo. */
async function pageBenchmarks(sim: SimProc): Promise<void> {
  // BENCH_CPU_PROF profiles the gateway executing every request (rows 2b/2c), not this cached one.
  const gw = await startGateway(sim, { SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000" });
  try {
    const token = await sim.userToken("bench-page", [BENCH_GROUP]);
    await waitForBackfill(gw, token, CFG.tenants * CFG.alertsPerTenant);
    await sim.control("DELETE", "/_sim/counters");
    type Page = { alerts: { edges: { node: { tenantId: string; machine: unknown } }[] } };
    const cold = await gw.gql<Page>(token, PAGE, { first: 100 });
    if (cold.body.errors) throw new Error(`page query failed: ${JSON.stringify(cold.body.errors)}`);
    const coldCalls = await counters(sim);
    const warm = await gw.gql(token, PAGE, { first: 100 });
    const warmCalls = await counters(sim);
    const edges = cold.body.data!.alerts.edges;
    const tenantsInPage = new Set(edges.map((e) => e.node.tenantId)).size;
    const withMachine = edges.filter((e) => e.node.machine).length;
    const naive = edges.length;
    results.upstreamCalls = {
      alerts: edges.length,
      tenantsInPage,
      withMachine,
      cold: coldCalls.total,
      warm: warmCalls.total - coldCalls.total,
      naive,
      coldByRoute: Object.values(coldCalls.byTenant).map((c) => c.byRoute),
    };
    rows.push({
      id: "1",
      measure: `upstream calls, ${edges.length}-alert page with machines over ${tenantsInPage} tenants, Graph (cold / warm)`,
      value: `${coldCalls.total} / ${warmCalls.total - coldCalls.total}`,
      baseline: `${naive} (naive: 1 per alert)`,
      ratio: `${round(coldCalls.total / naive, 2)}× cold`,
      // Graph alerts carry their devices (deviceEvidence): the page needs no upstream call at all.
      target: "0 cold, 0 warm",
      pass: coldCalls.total === 0 && warmCalls.total === coldCalls.total && warm.status === 200 && withMachine > 0,
    });
    log("#1", results.upstreamCalls);
    await legacyPageCalls(sim, token);

    const body = JSON.stringify({ query: PAGE, variables: { first: 100 } });
    const gwLoad = await runLoad({ url: `${gw.url}/graphql`, body, headers: { authorization: `Bearer ${token}` }, ...CFG.load });
    log("#2 gateway", gwLoad);

    const dataFile = join(tmpdir(), `mssp-bench-page-${process.pid}.json`);
    writeFileSync(dataFile, JSON.stringify(cold.body.data));
    const port = await freePort();
    const base = spawnNode("bench/baseline/apollo-static.ts", {
      BASELINE_PORT: String(port),
      BASELINE_DATA: dataFile,
      NODE_ENV: "production",
    });
    await firstJsonLine(base.stdout, (l) => (l.msg === "baseline listening" ? true : undefined), 60_000, "apollo baseline", base.stderr);
    let baseLoad: LoadResult;
    try {
      const check = await (
        await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body })
      ).json();
      if (JSON.stringify(check) !== JSON.stringify({ data: cold.body.data }))
        throw new Error("baseline answers differently from the gateway");
      baseLoad = await runLoad({ url: `http://127.0.0.1:${port}/graphql`, body, ...CFG.load });
    } finally {
      await base.proc.stop();
    }
    log("#2 bare Apollo", baseLoad);
    results.throughput = { concurrency: CFG.load.concurrency, durationMs: CFG.load.durationMs, gateway: gwLoad, bareApollo: baseLoad };
    const ratio = gwLoad.rps / baseLoad.rps;
    rows.push({
      id: "2",
      measure: `page throughput, ${CFG.load.concurrency} connections, ${Math.round(gwLoad.bodyBytes / 1024)} KB responses (req/s; p50 / p99 ms)`,
      value: `${gwLoad.rps}; ${gwLoad.p50Ms} / ${gwLoad.p99Ms}`,
      baseline: `${baseLoad.rps}; ${baseLoad.p50Ms} / ${baseLoad.p99Ms} (bare Apollo, static array)`,
      ratio: `${round(ratio, 2)}×`,
      target: "≥ 1.0×",
      pass: ratio >= 1 && gwLoad.non200 === 0,
    });

    // #2b/#2c: executed every time (response cache off), per execution engine, against bare Apollo and raw node:http.
    const executed = await executedPageRows(
      sim,
      token,
      CFG.tenants * CFG.alertsPerTenant,
      [
        { id: "2b", what: "alert page (100 alerts with devices)", query: PAGE, variables: { first: 100 } },
        {
          id: "2c",
          what: "incident queue page (50 incidents with alert counts and tenants)",
          query: INCIDENT_PAGE,
          variables: { first: 50 },
        },
      ],
      CFG.load,
    );
    log("#2b/#2c executed pages", executed.results);
    results.executedPages = executed.results;
    rows.push(...executed.rows);
  } finally {
    await gw.stop();
  }
}

interface FanoutResult {
  subscribers: number;
  events: number;
  delivered: number;
  expected: number;
  msgsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  rssIdleMiB: number;
  rssSubscribedMiB: number;
  kbPerSubscriber: number;
}

function summarize(rs: Receiver[], subscribers: number, events: number, rssIdle: number, rssSubscribed: number): FanoutResult {
  const lat = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const delivered = lat.length;
  const start = Math.min(...rs.map((r) => r.firstCursorMs));
  const end = Math.max(...rs.map((r) => r.lastArrival));
  return {
    subscribers,
    events,
    delivered,
    expected: subscribers * events,
    msgsPerSec: round(delivered / Math.max(0.001, (end - start) / 1000), 0),
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    rssIdleMiB: round(rssIdle),
    rssSubscribedMiB: round(rssSubscribed),
    kbPerSubscriber: round(((rssSubscribed - rssIdle) * 1024) / subscribers),
  };
}

/**
 * Issue 15's targets for #3, against the raw broadcast of the same run: msgs/s ratio, p99 ratio, gateway RSS per
 * subscriber. The memory target is the issue's for 5,000 subscribers: at 1,000 the RSS growth is mostly heap grown
 * while the sockets connect (raw `ws` too shows ~1.4× its 5,000-subscriber figure there), so it is shown, not judged.
 */
const FANOUT_TARGET = { minRatio: 0.8, maxP99Ratio: 1.5, maxKbPerSubscriber: 12, memoryJudgedFrom: 5_000 };

/** #3 fan-out to N WebSocket subscribers against a raw `ws` broadcast of the same bytes. */
async function fanoutBenchmarks(sim: SimProc): Promise<void> {
  const out: { gateway: FanoutResult; rawWs: FanoutResult; rawWsBackToBack: FanoutResult }[] = [];
  const tokens = await Promise.all(Array.from({ length: CFG.fanoutUsers }, (_, i) => sim.userToken(`bench-sub-${i}`, [BENCH_GROUP])));
  for (const { subscribers, events } of CFG.fanout) {
    const gw = await startGateway(sim, { SYNC_POLL_INTERVAL_MS: "500", RATE_LIMIT_PER_CALLER: "1000000000" });
    let sample: string;
    try {
      await waitForBackfill(gw, tokens[0], 1);
      await sleep(1_000);
      const rssIdle = gw.rssMiB();
      const rs = await connectSubscribers(`${gw.url.replace("http", "ws")}/graphql`, tokens, subscribers, SUBSCRIPTION);
      await until(async () => (await metricValue(gw, "gateway_subscribers")) === subscribers, 60_000, "gateway subscribers");
      await sleep(500);
      const rssSubscribed = gw.rssMiB();
      for (let i = 0; i < events; i++)
        await sim.control("POST", `/_sim/tenants/${sim.info.tenants[i % sim.info.tenants.length].id}/alerts`, {});
      await until(() => rs.every((r) => r.count >= events), 120_000, `gateway fan-out of ${events} events to ${subscribers}`).catch((e) =>
        log(String(e)),
      );
      const res = summarize(rs, subscribers, events, rssIdle, rssSubscribed);
      sample = rs.find((r) => r.sample)!.sample!;
      // When the events reached the gateway's log (a sync page appends several at once): the raw baseline's
      // events arrive on the same schedule, so both latencies count from arrival.
      const fullest = rs.reduce((a, b) => (b.cursorMs.length > a.cursorMs.length ? b : a));
      const arrivalsMs = fullest.cursorMs.map((t) => t - fullest.cursorMs[0]);
      await closeAll(rs);
      log("#3 gateway", res);

      const port = await freePort();
      const base = spawnNode("bench/baseline/ws-broadcast.ts", { BASELINE_PORT: String(port) });
      await firstJsonLine(base.stdout, (l) => (l.msg === "baseline listening" ? true : undefined), 60_000, "ws baseline", base.stderr);
      try {
        await sleep(1_000);
        const baseIdle = base.proc.rssMiB();
        const raw = await connectRaw(`ws://127.0.0.1:${port}/`, subscribers);
        await sleep(500);
        const baseSubscribed = base.proc.rssMiB();
        await fetch(`http://127.0.0.1:${port}/publish`, {
          method: "POST",
          body: JSON.stringify({ template: sample, count: events, arrivalsMs }),
        });
        await until(() => raw.every((r) => r.count >= events), 120_000, "raw broadcast").catch((e) => log(String(e)));
        const baseRes = summarize(raw, subscribers, events, baseIdle, baseSubscribed);
        // The same events again, back to back (no arrival schedule): what raw `ws` reaches when nothing throttles
        // it, shown beside the judged figure (the gateway's events arrive as its sync loops poll, so its own rate
        // is bounded by that schedule too).
        for (const r of raw) Object.assign(r, { latencies: [], cursorMs: [], count: 0, lastArrival: 0, firstCursorMs: Infinity });
        await fetch(`http://127.0.0.1:${port}/publish`, { method: "POST", body: JSON.stringify({ template: sample, count: events }) });
        await until(() => raw.every((r) => r.count >= events), 120_000, "raw back-to-back broadcast").catch((e) => log(String(e)));
        const burst = summarize(raw, subscribers, events, baseIdle, baseSubscribed);
        await closeAll(raw);
        log("#3 raw ws", baseRes, "back to back", { msgsPerSec: burst.msgsPerSec, p50Ms: burst.p50Ms, p99Ms: burst.p99Ms });
        out.push({ gateway: res, rawWs: baseRes, rawWsBackToBack: burst });
        const ratio = res.msgsPerSec / baseRes.msgsPerSec;
        const p99Ratio = res.p99Ms / Math.max(1, baseRes.p99Ms);
        const judgeMemory = subscribers >= FANOUT_TARGET.memoryJudgedFrom;
        rows.push({
          id: "3",
          measure: `fan-out ${subscribers} subscribers (${CFG.fanoutUsers} analysts) × ${events} events (msgs/s; p99 ms; KB/subscriber)`,
          value: `${res.msgsPerSec}; ${res.p99Ms}; ${res.kbPerSubscriber}${res.delivered < res.expected ? ` (${res.delivered}/${res.expected} delivered)` : ""}`,
          baseline: `${baseRes.msgsPerSec}; ${baseRes.p99Ms}; ${baseRes.kbPerSubscriber} (raw ws, same ${sample.length} B, same arrivals; back to back: ${burst.msgsPerSec} msgs/s = ${round(res.msgsPerSec / burst.msgsPerSec, 2)}×, p99 ${burst.p99Ms})`,
          ratio: `${round(ratio, 2)}×; p99 ${round(p99Ratio, 2)}×`,
          target: `≥ ${FANOUT_TARGET.minRatio}×, p99 ≤ ${FANOUT_TARGET.maxP99Ratio}× raw${
            judgeMemory ? `, ≤ ${FANOUT_TARGET.maxKbPerSubscriber} KB/subscriber` : " (KB/subscriber judged at 5,000)"
          }`,
          pass:
            ratio >= FANOUT_TARGET.minRatio &&
            p99Ratio <= FANOUT_TARGET.maxP99Ratio &&
            (!judgeMemory || res.kbPerSubscriber <= FANOUT_TARGET.maxKbPerSubscriber) &&
            res.delivered === res.expected,
        });
      } finally {
        await base.proc.stop();
      }
    } finally {
      await gw.stop();
    }
  }
  results.fanout = out;
}

/**
 * #5 upstream budget under 200 analysts mixing reads (distinct callers): upstream calls per tenant per minute stay under
 * Microsoft's limit with zero 429s. Runs on Graph (the default) and, shorter, on the legacy API beside it (#5b).
 */
async function budgetBenchmark(sim: SimProc, gw: GatewayProc, token: string, api: "graph" | "defender", durationMs: number): Promise<void> {
  // #5: 200 analysts, each a distinct caller, mixing reads for the whole duration.
  const analysts = await Promise.all(
    Array.from({ length: CFG.budget.analysts }, (_, i) => sim.userToken(`bench-analyst-${i}`, [BENCH_GROUP])),
  );
  const first = await gw.gql<{ alerts: { edges: { node: { id: string; tenantId: string } }[] } }>(
    token,
    "{ alerts(first: 50) { edges { node { id tenantId } } } }",
  );
  const known = first.body.data!.alerts.edges.map((e) => e.node);
  const tenantIds = sim.info.tenants.map((t) => t.id);
  const ops: (() => { query: string; variables?: Record<string, unknown> })[] = [
    () => ({ query: PAGE, variables: { first: 50 } }),
    () => ({
      query: PAGE.replace("alerts(first: $first)", "alerts(first: $first, filter: { tenantIds: [$t] })").replace(
        "$first: Int",
        "$first: Int, $t: ID!",
      ),
      variables: { first: 25, t: tenantIds[Math.floor(Math.random() * tenantIds.length)] },
    }),
    () => ({ query: "{ tenants { id name sync { lagSeconds budgetLeftThisMinute upstreamState } alertCounts { high medium low } } }" }),
    () => {
      const a = known[Math.floor(Math.random() * known.length)];
      return {
        query: "query($t: ID!, $id: ID!) { alert(tenantId: $t, id: $id) { id title status machine { computerDnsName } } }",
        variables: { t: a.tenantId, id: a.id },
      };
    },
  ];
  const weights = [0.45, 0.25, 0.2, 0.1];
  const pick = () => {
    let r = Math.random();
    for (let i = 0; i < ops.length; i++) if ((r -= weights[i]) <= 0) return ops[i]();
    return ops[0]();
  };
  await sim.control("DELETE", "/_sim/counters");
  const started = Date.now();
  const end = started + durationMs;
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const latencies: number[] = [];
  await Promise.all(
    analysts.map(async (t) => {
      await sleep(Math.random() * CFG.budget.thinkMs[1]);
      while (Date.now() < end) {
        const { query, variables } = pick();
        const t0 = performance.now();
        const res = await gw
          .gql(t, query, variables)
          .catch((): { status: number; body: { errors?: unknown[] } } => ({ status: 0, body: {} }));
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        for (const e of (res.body.errors ?? []) as { extensions?: { code?: string } }[])
          codes[e.extensions?.code ?? "?"] = (codes[e.extensions?.code ?? "?"] ?? 0) + 1;
        await sleep(CFG.budget.thinkMs[0] + Math.random() * (CFG.budget.thinkMs[1] - CFG.budget.thinkMs[0]));
      }
    }),
  );
  const minutes = (Date.now() - started) / 60_000;
  const c = await counters(sim);
  const perTenant = Object.values(c.byTenant).map((x) => x.total / minutes);
  latencies.sort((a, b) => a - b);
  const budget = {
    analysts: CFG.budget.analysts,
    durationS: round(minutes * 60, 0),
    requests: latencies.length,
    rps: round(latencies.length / (minutes * 60), 0),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    statuses,
    errorCodes: codes,
    upstreamCallsPerTenantPerMinute: {
      max: round(Math.max(...perTenant)),
      mean: round(perTenant.reduce((a, b) => a + b, 0) / perTenant.length),
    },
    upstream429s: c.throttled,
    byRoute: Object.values(c.byTenant)[0]?.byRoute,
  };
  // Microsoft's limits per app per tenant: Graph 150/min on /security, the legacy API 100/min.
  const limit = api === "graph" ? 150 : 100;
  results[api === "graph" ? "budget" : "budgetLegacy"] = budget;
  log(api === "graph" ? "#5" : "#5b", budget);
  rows.push({
    id: api === "graph" ? "5" : "5b",
    measure: `budget, ${api === "graph" ? "Graph" : "legacy Defender API"}: ${budget.analysts} analysts for ${budget.durationS} s (${budget.rps} req/s, p99 ${budget.p99Ms} ms): upstream calls/tenant/min (max), 429s`,
    value: `${budget.upstreamCallsPerTenantPerMinute.max}, ${budget.upstream429s}`,
    baseline: `limit ${limit}/min per tenant`,
    ratio: `${round(budget.upstreamCallsPerTenantPerMinute.max / limit, 2)}× of limit`,
    target: `< ${limit}/min, 0 × 429`,
    pass: budget.upstreamCallsPerTenantPerMinute.max < limit && budget.upstream429s === 0 && (statuses["200"] ?? 0) === budget.requests,
  });
}

/** #4 freshness (simulator creation → subscriber) and #5 upstream budget under 200 analysts, on default polling. */
async function freshnessAndBudget(sim: SimProc): Promise<void> {
  const poll = CFG.freshness.pollIntervalMs;
  const gw = await startGateway(sim, { SYNC_POLL_INTERVAL_MS: String(poll) });
  try {
    const token = await sim.userToken("bench-fresh", [BENCH_GROUP]);
    await waitForBackfill(gw, token, 1);
    const [sub] = await connectSubscribers(`${gw.url.replace("http", "ws")}/graphql`, [token], 1, SUBSCRIPTION);
    await until(async () => (await metricValue(gw, "gateway_subscribers")) === 1, 10_000, "freshness subscriber");
    const created = new Map<string, number>();
    await Promise.all(
      Array.from({ length: CFG.freshness.samples }, async (_, i) => {
        await sleep(Math.random() * CFG.freshness.spreadMs);
        const at = Date.now();
        const alert = await sim.control<{ id: string }>(
          "POST",
          `/_sim/tenants/${sim.info.tenants[i % sim.info.tenants.length].id}/alerts`,
          {},
        );
        created.set(alert.id, at);
      }),
    );
    await until(() => [...created.keys()].every((id) => sub.arrivals.has(id)), poll * 3, "freshness events").catch((e) => log(String(e)));
    const lat = [...created]
      .filter(([id]) => sub.arrivals.has(id))
      .map(([id, at]) => sub.arrivals.get(id)! - at)
      .sort((a, b) => a - b);
    await closeAll([sub]);
    const fresh = {
      samples: created.size,
      received: lat.length,
      pollIntervalMs: poll,
      p50Ms: percentile(lat, 50),
      p99Ms: percentile(lat, 99),
      maxMs: lat.at(-1),
    };
    results.freshness = fresh;
    log("#4", fresh);
    rows.push({
      id: "4",
      measure: `freshness: simulator creates → subscriber receives, ${fresh.samples} alerts (p50 / p99 ms)`,
      value: `${fresh.p50Ms} / ${fresh.p99Ms}`,
      baseline: `poll interval ${poll} ms`,
      ratio: "–",
      target: `p99 < ${poll + 250} ms`,
      pass: fresh.received === fresh.samples && fresh.p99Ms < poll + 250,
    });

    await budgetBenchmark(sim, gw, token, "graph", CFG.budget.durationMs);
  } finally {
    await gw.stop();
  }
  const legacy = await startGateway(sim, { UPSTREAM_API: "defender", SYNC_POLL_INTERVAL_MS: String(poll) });
  try {
    const token = await sim.userToken("bench-fresh", [BENCH_GROUP]);
    await waitForBackfill(legacy, token, 1);
    await budgetBenchmark(sim, legacy, token, "defender", Math.round(CFG.budget.durationMs / 3));
  } finally {
    await legacy.stop();
  }
}

/**
 * #6 ingest: backfill of tenants × alerts into a fresh gateway on the Graph path (the default upstream), against the
 * legacy Defender path over the same simulator data in the same run (see bench/rows/ingest.ts).
 */
async function ingestBenchmark(): Promise<void> {
  const n = CFG.ingest.tenants * CFG.ingest.alertsPerTenant;
  log(`#6 generating ${n} alerts in the simulator`);
  const sim = await startSimulator({ tenants: CFG.ingest.tenants, alertsPerTenant: CFG.ingest.alertsPerTenant, seed: 7 });
  try {
    const token = await sim.userToken("bench-ingest", [BENCH_GROUP]);
    const legacy = await measureIngest(sim, token, "defender", n);
    log("#6 legacy", legacy);
    const graph = await measureIngest(sim, token, "graph", n);
    log("#6 graph", graph);
    results.ingest = { graph, legacy };
    const fast = graph.alertsPerSec >= INGEST_TARGETS.alertsPerSec;
    const small = graph.rssBytesPerAlert <= INGEST_TARGETS.rssBytesPerAlert;
    rows.push({
      id: "6",
      measure: `ingest on Graph: backfill of ${graph.alerts} alerts over ${CFG.ingest.tenants} tenants (alerts/s; RSS / heap bytes per alert; upstream calls)`,
      value: `${graph.alertsPerSec}; ${graph.rssBytesPerAlert} / ${graph.heapBytesPerAlert}; ${graph.upstreamCalls} calls`,
      baseline: `legacy: ${legacy.alertsPerSec}; ${legacy.rssBytesPerAlert} / ${legacy.heapBytesPerAlert}; ${legacy.upstreamCalls} calls`,
      ratio: `${round(graph.alertsPerSec / legacy.alertsPerSec, 2)}×`,
      target: `≥ 15,000 alerts/s (${fast ? "pass" : "MISS"}); ≤ 4 KB RSS per alert (${small ? "pass" : "MISS"})`,
      pass: fast && small,
    });
  } finally {
    await sim.stop();
  }
}

function machine() {
  const sh = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    nproc: Number(sh("nproc")) || cpus().length,
    memTotalGiB: round(totalmem() / 2 ** 30),
    memFreeGiB: round(freemem() / 2 ** 30),
    node: process.version,
    os: sh("uname -sr"),
  };
}

function printTable(): void {
  const cols: (keyof BenchRow)[] = ["id", "measure", "value", "baseline", "ratio", "target", "pass"];
  const cell = (r: BenchRow, c: keyof BenchRow) => (c === "pass" ? (r.pass === null ? "–" : r.pass ? "yes" : "NO") : String(r[c]));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(cols.map(String)));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(cols.map((c) => cell(r, c))));
}

async function main(): Promise<void> {
  const started = Date.now();
  const m = machine();
  log(`machine: ${m.nproc} CPUs (${m.cpu}), ${m.memTotalGiB} GiB, Node ${m.node}${QUICK ? " — QUICK run" : ""}`);
  const sim = await startSimulator({ tenants: CFG.tenants, alertsPerTenant: CFG.alertsPerTenant });
  try {
    if (ONLY.has("page")) await pageBenchmarks(sim);
    if (ONLY.has("fanout")) await fanoutBenchmarks(sim);
    if (ONLY.has("freshness")) await freshnessAndBudget(sim);
  } finally {
    await sim.stop();
  }
  if (ONLY.has("ingest")) await ingestBenchmark();
  if (ONLY.has("shared")) await sharedBenchmarks({ quick: QUICK, rows, results, log });
  const durationS = round((Date.now() - started) / 1000, 0);
  // The issue's budget for the harness itself: a quick run under 2 minutes, a full run under 6 (subsets are not judged).
  const limitS = QUICK ? 120 : 360;
  rows.push({
    id: "0",
    measure: `the benchmark itself: ${QUICK ? "BENCH_QUICK=1" : "full"} run${SUBSET ? ` (subset: ${[...ONLY].join(", ")})` : ""} (s)`,
    value: String(durationS),
    baseline: "–",
    ratio: "–",
    target: `< ${limitS} s`,
    pass: SUBSET ? null : durationS < limitS,
  });
  const report = {
    at: new Date().toISOString(),
    quick: QUICK,
    machine: m,
    config: CFG,
    durationS,
    rows,
    results,
  };
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nMSSP alert gateway benchmark — ${m.nproc} CPUs (${m.cpu}), ${m.memTotalGiB} GiB RAM, Node ${m.node}, ${report.durationS} s${QUICK ? " (BENCH_QUICK)" : ""}\n`,
  );
  printTable();
  console.log("\nwritten to bench/results/latest.json");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
