/**
 * `npm run bench`: the six measurements of issue 7, each against an in-run baseline or a target, on this
 * machine, in one run. Prints a table and writes bench/results/latest.json. `BENCH_QUICK=1` runs a smaller
 * version (shorter loads, fewer events and alerts) in about a minute.
 *
 * Topology: the standalone simulator, the gateway(s) and the baselines each run as their own process
 * (remote mode, in-memory store); the load generator and the WebSocket clients run in this process.
 * Run time (issue 15: quick under 2 minutes, full under 6): processes that are set up, not measured, start at the
 * same time; nothing is measured while another row's process works (see docs/operations.md, Benchmark).
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { keepInHistory } from "./lib/history.js";
import { cpus, freemem, totalmem } from "node:os";
import { join } from "node:path";
import {
  BENCH_GROUP,
  firstJsonLine,
  freePort,
  sleep,
  spawnNode,
  INSPECT_ARGS,
  startAll,
  startGateway,
  startSimulator,
  waitForBackfill,
  type GatewayProc,
  type SimProc,
} from "./lib/proc.js";
import { percentile, round } from "./lib/load.js";
import { executedPageRows, startExecutingGateways } from "./rows/page-exec.js";
import { closeAll, connectRaw, connectSubscribers, type Receiver } from "./lib/ws-clients.js";
import { INGEST_TARGETS, measureIngest, warmGraphView } from "./rows/ingest.js";
import { sharedBenchmarks } from "./rows/shared.js";
import { INCIDENT_PAGE, PAGE } from "./lib/queries.js";
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
/** `BENCH_ONLY=shared`: besides latest.json, written to results/shared.json and the shared history. */
const SHARED_ONLY = ONLY.size === 1 && ONLY.has("shared");
const CFG = {
  tenants: 10,
  alertsPerTenant: 200,
  /**
   * Rows 2/2b/2c: every server of a case warms up at once, then each takes `durationMs` of load in `rounds` turns.
   */
  load: { concurrency: 32, warmupMs: QUICK ? 1_500 : 3_000, durationMs: QUICK ? 1_500 : 6_000, rounds: QUICK ? 2 : 4 },
  fanout: QUICK
    ? [
        { subscribers: 1_000, events: 20 },
        // 2,500, not 5,000: connecting them (twice, gateway and raw) was ≈ 10 s of a quick run on 2 slow vCPUs
        { subscribers: 2_500, events: 8 },
      ]
    : [
        { subscribers: 1_000, events: 100 },
        { subscribers: 5_000, events: 40 },
      ],
  /** Distinct analysts behind the subscribers (the gateway renders an event once per principal). */
  fanoutUsers: 20,
  /**
   * Alerts created at random moments over `spreadMs`: a whole number of poll intervals, so each one's phase in its
   * tenant's poll cycle is uniform (the latency is that phase plus the gateway's work).
   */
  freshness: { samples: QUICK ? 8 : 24, spreadMs: QUICK ? 5_000 : 10_000, pollIntervalMs: 5_000 },
  budget: { analysts: 200, durationMs: QUICK ? 8_000 : 60_000, thinkMs: [500, 1_500] as const },
  ingest: { tenants: 10, alertsPerTenant: QUICK ? 1_000 : 10_000 },
};

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

type Page = { alerts: { edges: { node: { tenantId: string; machine: unknown } }[] } };

/** #1b the same page on the legacy Defender API (device lookups batched per tenant and cached), beside the Graph row. */
async function legacyPageCalls(sim: SimProc, gw: GatewayProc, token: string): Promise<void> {
  await sim.control("DELETE", "/_sim/counters");
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
}

/**
 * #1 upstream calls for one cross-tenant page with machines (and #1b on the legacy API), #2 its throughput with the
 * response cache against bare Apollo, #2b/#2c pages executed every time. The four gateways start and backfill at
 * once; each polls every 10 minutes, so once all have backfilled none calls the simulator and #1/#1b count only
 * their own pages. #2 is measured in #2b's rotation, against the same bare Apollo.
 */
async function pageBenchmarks(sim: SimProc, quiet?: Promise<unknown>): Promise<void> {
  const token = await sim.userToken("bench-page", [BENCH_GROUP]);
  const alerts = CFG.tenants * CFG.alertsPerTenant;
  // A generous upstream timeout: four backfills at once on a shared machine can be slow, and a backfill poll that
  // fails waits the whole 10-minute interval for its retry.
  const idle = { SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000", UPSTREAM_TIMEOUT_MS: "60000" };
  // BENCH_CPU_PROF profiles the gateway executing every request (rows 2b/2c), not this cached one.
  const [gw, legacy, engines] = await startAll([
    startGateway(sim, idle),
    startGateway(sim, { ...idle, UPSTREAM_API: "defender" }),
    startExecutingGateways(sim, token, alerts),
  ]);
  try {
    await Promise.all([waitForBackfill(gw, token, alerts), waitForBackfill(legacy, token, alerts)]);
    log("page gateways started and backfilled");
    await quiet;
    await sim.control("DELETE", "/_sim/counters");
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
    await legacyPageCalls(sim, legacy, token);
    await legacy.stop();

    // #2 (response cache on) in #2b's rotation; #2b/#2c executed every time, per engine, against bare Apollo and raw node:http.
    const cached = { url: `${gw.url}/graphql`, headers: { authorization: `Bearer ${token}` }, stop: () => gw.stop() };
    const executed = await executedPageRows(
      engines,
      [
        {
          id: "2b",
          what: "alert page (100 alerts with devices)",
          query: PAGE,
          variables: { first: 100 },
          alsoMeasure: { responseCached: cached },
        },
        {
          id: "2c",
          what: "incident queue page (50 incidents with alert counts and tenants)",
          query: INCIDENT_PAGE,
          variables: { first: 50 },
        },
      ],
      CFG.load,
      log,
    );
    const { responseCached: gwLoad, ...executedPages } = executed.results["2b"];
    const baseLoad = executedPages.bareApollo;
    results.throughput = { ...CFG.load, gateway: gwLoad, bareApollo: baseLoad };
    results.executedPages = { ...executed.results, "2b": executedPages };
    const ratio = gwLoad.rps / baseLoad.rps;
    rows.push({
      id: "2",
      measure: `page throughput, ${CFG.load.concurrency} connections, ${Math.round(gwLoad.bodyBytes / 1024)} KB responses (req/s; p50 / p99 ms)`,
      value: `${gwLoad.rps}; ${gwLoad.p50Ms} / ${gwLoad.p99Ms}`,
      baseline: `${baseLoad.rps}; ${baseLoad.p50Ms} / ${baseLoad.p99Ms} (bare Apollo, static array; in 2b's rotation)`,
      ratio: `${round(ratio, 2)}×`,
      target: "≥ 1.0×",
      pass: ratio >= 1 && gwLoad.non200 === 0,
    });
    rows.push(...executed.rows);
  } finally {
    await Promise.all([gw.stop(), legacy.stop(), engines.stop()]);
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
    // The raw baseline starts with the gateway (it idles until its turn); each configuration gets fresh processes,
    // so the idle RSS both memory figures start from is a process that never held subscribers.
    const port = await freePort();
    const [gw, base] = await startAll([
      startGateway(sim, { SYNC_POLL_INTERVAL_MS: "500", RATE_LIMIT_PER_CALLER: "1000000000" }, [
        ...INSPECT_ARGS,
        ...(process.env.BENCH_CPU_PROF
          ? ["--cpu-prof", `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROF, `fanout-${subscribers}x${events}`)}`]
          : []),
      ]),
      (async () => {
        const base = await spawnNode("bench/baseline/ws-broadcast.ts", { BASELINE_PORT: String(port) }, INSPECT_ARGS);
        const proc = base.proc;
        await firstJsonLine(
          base.stdout,
          (l) => (l.msg === "baseline listening" ? true : undefined),
          180_000,
          "ws baseline",
          base.stderr,
        ).catch(async (e: unknown) => {
          await proc.stop();
          throw e;
        });
        return proc;
      })(),
    ]);
    let sample: string;
    try {
      await waitForBackfill(gw, tokens[0], 1);
      await sleep(1_000);
      await gw.collectGarbage();
      const rssIdle = gw.rssMiB();
      const rs = await connectSubscribers(`${gw.url.replace("http", "ws")}/graphql`, tokens, subscribers, SUBSCRIPTION);
      await until(async () => (await metricValue(gw, "gateway_subscribers")) === subscribers, 60_000, "gateway subscribers");
      log(`#3 ${subscribers} subscribers connected to the gateway`);
      await sleep(500);
      await gw.collectGarbage();
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
      // The gateway is done: stopped before the baseline's turn, so it does not poll on the baseline's cores.
      await gw.stop();

      try {
        await base.collectGarbage();
        const baseIdle = base.rssMiB();
        const raw = await connectRaw(`ws://127.0.0.1:${port}/`, subscribers);
        await sleep(500);
        await base.collectGarbage();
        const baseSubscribed = base.rssMiB();
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
        await base.stop();
      }
    } finally {
      await Promise.all([gw.stop(), base.stop()]);
    }
  }
  results.fanout = out;
}

type Api = "graph" | "defender";

/** What 200 analysts' reads got from one gateway. */
interface AnalystLoad {
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
}

/** 200 analysts, each a distinct caller, mixing reads on `gw` until `end` (ms since the epoch). */
async function analystLoad(gw: GatewayProc, analysts: string[], token: string, end: number): Promise<AnalystLoad> {
  const first = await gw.gql<{ alerts: { edges: { node: { id: string; tenantId: string } }[] } }>(
    token,
    "{ alerts(first: 50) { edges { node { id tenantId } } } }",
  );
  const known = first.body.data!.alerts.edges.map((e) => e.node);
  const tenantIds = [...new Set(known.map((a) => a.tenantId))];
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
  const started = Date.now();
  const out: AnalystLoad = { seconds: 0, latencies: [], statuses: {}, errorCodes: {} };
  await Promise.all(
    analysts.map(async (t) => {
      await sleep(Math.random() * CFG.budget.thinkMs[1]);
      while (Date.now() < end) {
        const { query, variables } = pick();
        const t0 = performance.now();
        const res = await gw
          .gql(t, query, variables)
          .catch((): { status: number; body: { errors?: unknown[] } } => ({ status: 0, body: {} }));
        out.latencies.push(performance.now() - t0);
        out.statuses[res.status] = (out.statuses[res.status] ?? 0) + 1;
        for (const e of (res.body.errors ?? []) as { extensions?: { code?: string } }[])
          out.errorCodes[e.extensions?.code ?? "?"] = (out.errorCodes[e.extensions?.code ?? "?"] ?? 0) + 1;
        await sleep(CFG.budget.thinkMs[0] + Math.random() * (CFG.budget.thinkMs[1] - CFG.budget.thinkMs[0]));
      }
    }),
  );
  out.seconds = (Date.now() - started) / 1000;
  out.latencies.sort((a, b) => a - b);
  return out;
}

/** An upstream route of the simulator's counters (`GET /v1.0/security/alerts_v2`, `GET /api/alerts`…) by API. */
const routeApi = (route: string): Api => (/ \/v1\.0\//i.test(route) ? "graph" : "defender");

/**
 * #5/#5b: upstream calls per tenant per minute of one API's gateway (its own routes of the simulator's counters, as
 * both run at once) under 200 analysts' reads stay under Microsoft's limit, with zero 429s.
 */
function budgetRow(api: Api, load: AnalystLoad, calls: Awaited<ReturnType<typeof counters>>): void {
  const minutes = load.seconds / 60;
  const perTenant = Object.values(calls.byTenant).map(
    (t) => Object.entries(t.byRoute).reduce((n, [route, k]) => n + (routeApi(route) === api ? k : 0), 0) / minutes,
  );
  const byRoute = Object.fromEntries(
    Object.entries(Object.values(calls.byTenant)[0]?.byRoute ?? {}).filter(([route]) => routeApi(route) === api),
  );
  const budget = {
    analysts: CFG.budget.analysts,
    durationS: round(load.seconds, 0),
    requests: load.latencies.length,
    rps: round(load.latencies.length / load.seconds, 0),
    p50Ms: round(percentile(load.latencies, 50), 1),
    p99Ms: round(percentile(load.latencies, 99), 1),
    statuses: load.statuses,
    errorCodes: load.errorCodes,
    upstreamCallsPerTenantPerMinute: {
      max: round(Math.max(...perTenant)),
      mean: round(perTenant.reduce((a, b) => a + b, 0) / perTenant.length),
    },
    // The simulator counts 429s per tenant, not per route: both APIs' rows report (and are failed by) the same total.
    upstream429sBothApis: calls.throttled,
    byRoute,
  };
  // Microsoft's limits per app per tenant: Graph 150/min on /security, the legacy API 100/min.
  const limit = api === "graph" ? 150 : 100;
  results[api === "graph" ? "budget" : "budgetLegacy"] = budget;
  log(api === "graph" ? "#5" : "#5b", budget);
  rows.push({
    id: api === "graph" ? "5" : "5b",
    measure: `budget, ${api === "graph" ? "Graph" : "legacy Defender API"}: ${budget.analysts} analysts for ${budget.durationS} s (${budget.rps} req/s, p99 ${budget.p99Ms} ms): upstream calls/tenant/min (max), 429s`,
    value: `${budget.upstreamCallsPerTenantPerMinute.max}, ${calls.throttled}`,
    baseline: `limit ${limit}/min per tenant`,
    ratio: `${round(budget.upstreamCallsPerTenantPerMinute.max / limit, 2)}× of limit`,
    target: `< ${limit}/min, 0 × 429`,
    pass: budget.upstreamCallsPerTenantPerMinute.max < limit && calls.throttled === 0 && (load.statuses["200"] ?? 0) === budget.requests,
  });
}

/** #4 freshness: alerts created in the simulator at random moments, timed to their arrival at one subscriber of `gw`. */
async function freshness(sim: SimProc, gw: GatewayProc, token: string): Promise<void> {
  const poll = CFG.freshness.pollIntervalMs;
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
}

/**
 * #4 freshness, then #5/#5b upstream budget under 200 analysts, on default polling: a Graph gateway and a legacy one
 * each take 200 analysts' reads at the same time for the whole budget window (a full minute: the limits are per
 * minute), each counted on its own API's routes of the simulator's counters.
 */
async function freshnessAndBudget(sim: SimProc, duringBudget?: () => Promise<void>): Promise<void> {
  const poll = String(CFG.freshness.pollIntervalMs);
  const [gw, legacy] = await startAll([
    startGateway(sim, { SYNC_POLL_INTERVAL_MS: poll }),
    startGateway(sim, { UPSTREAM_API: "defender", SYNC_POLL_INTERVAL_MS: poll }),
  ]);
  try {
    const token = await sim.userToken("bench-fresh", [BENCH_GROUP]);
    const analysts = await Promise.all(
      Array.from({ length: CFG.budget.analysts }, (_, i) => sim.userToken(`bench-analyst-${i}`, [BENCH_GROUP])),
    );
    await Promise.all([waitForBackfill(gw, token, 1), waitForBackfill(legacy, token, 1)]);
    log("freshness and budget gateways started and backfilled");
    // Alone first: its subscriber's arrival times are taken on this process's event loop, which the analysts would load.
    await freshness(sim, gw, token);
    await sim.control("DELETE", "/_sim/counters");
    const end = Date.now() + CFG.budget.durationMs;
    // `duringBudget` (#6's untimed preparation) shares this minute: #5 counts upstream calls, which CPU does not change.
    const [graphLoad, legacyLoad] = await Promise.all([
      analystLoad(gw, analysts, token, end),
      analystLoad(legacy, analysts, token, end),
      duringBudget?.(),
    ]);
    const calls = await counters(sim);
    budgetRow("graph", graphLoad, calls);
    budgetRow("defender", legacyLoad, calls);
  } finally {
    await Promise.all([gw.stop(), legacy.stop()]);
  }
}

/**
 * #6 ingest: backfill of tenants × alerts into a fresh gateway on the Graph path (the default upstream), against the
 * legacy Defender path over the same simulator data in the same run (see bench/rows/ingest.ts).
 */
async function ingestBenchmark(simulator: Promise<SimProc>): Promise<void> {
  const n = CFG.ingest.tenants * CFG.ingest.alertsPerTenant;
  const sim = await simulator;
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
      measure: `ingest on Graph: backfill of ${graph.alerts} alerts over ${CFG.ingest.tenants} tenants (alerts/s; RSS / heap bytes per alert; upstream calls; CPU µs per alert, gateway + simulator)`,
      value: `${graph.alertsPerSec}; ${graph.rssBytesPerAlert} / ${graph.heapBytesPerAlert}; ${graph.upstreamCalls} calls; CPU ${graph.cpuMicrosPerAlert.gateway} + ${graph.cpuMicrosPerAlert.simulator} µs`,
      baseline: `legacy: ${legacy.alertsPerSec}; ${legacy.rssBytesPerAlert} / ${legacy.heapBytesPerAlert}; ${legacy.upstreamCalls} calls; CPU ${legacy.cpuMicrosPerAlert.gateway} + ${legacy.cpuMicrosPerAlert.simulator} µs`,
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
  // #6's simulator generates its alerts (seconds of CPU) while the main simulator and the page gateways start; the
  // first measurement waits for it, so nothing measured runs beside the generation. It then idles until #6.
  const ingestSim = ONLY.has("ingest")
    ? startSimulator({ tenants: CFG.ingest.tenants, alertsPerTenant: CFG.ingest.alertsPerTenant, seed: 7 })
    : null;
  if (ingestSim) log(`#6 generating ${CFG.ingest.tenants * CFG.ingest.alertsPerTenant} alerts in the simulator`);
  const generated = ingestSim?.then(
    () => log("#6 simulator ready"),
    () => undefined,
  );
  try {
    const sim = await startSimulator({ tenants: CFG.tenants, alertsPerTenant: CFG.alertsPerTenant });
    try {
      if (ONLY.has("page")) await pageBenchmarks(sim, generated);
      else await generated;
      if (ONLY.has("fanout")) await fanoutBenchmarks(sim);
      if (ONLY.has("freshness")) await freshnessAndBudget(sim, ingestSim ? () => ingestSim.then(warmGraphView) : undefined);
    } finally {
      await sim.stop();
    }
    if (ingestSim) await ingestBenchmark(ingestSim);
  } finally {
    await ingestSim?.then((s) => s.stop()).catch(() => undefined);
  }
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
  // Whole runs are kept too (the newest few): the README's run-to-run table shows how each judged row fared in each.
  if (!SUBSET && !QUICK) keepInHistory(report);
  // So are runs of the shared-mode rows alone, which no whole run includes: the README shows them in a table of their own.
  if (SHARED_ONLY && !QUICK) {
    writeFileSync(new URL("./results/shared.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    keepInHistory(report, "shared");
  }
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
