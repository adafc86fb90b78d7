/**
 * Shared-mode rows (issue 15): one simulator with `alerts` alerts over 10 tenants, synced once by an embedded
 * gateway (the in-memory baseline) and once by a shared-mode gateway into Redis under a unique key prefix (deleted
 * afterwards). Then, in the same run:
 * - S1: filtered pages (severity + status, text search, evidence) on the shared gateway, answered by its read mirror,
 *   against the same queries on the embedded gateway, and on a replica with READ_MIRROR=off (what shared mode did before);
 * - S2: cold start of a second replica: how long it takes to build its mirror from Redis;
 * - S3: uncached page throughput of two replicas on one Redis against one, load from a process of its own.
 * Every gateway runs with RESPONSE_CACHE_TTL_MS=0: every request is executed.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { percentile, round } from "../lib/load.js";
import { BENCH_GROUP, startGateway, startSimulator, waitForBackfill, type GatewayProc, type SimProc } from "../lib/proc.js";

export interface BenchRow {
  id: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

export interface SharedBenchContext {
  quick: boolean;
  rows: BenchRow[];
  results: Record<string, unknown>;
  log: (...a: unknown[]) => void;
}

const ROOT = new URL("../../", import.meta.url).pathname;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const TENANTS = 10;
/** The bound chosen for S2: a replica with 100,000 alerts serves from memory within this after its process started. */
const COLD_START_BOUND_S = 30;

const FILTERED = `query Filtered($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id tenantId title severity status assignedTo lastUpdateTime } }
  }
}`;
const FILTERS: Record<string, Record<string, unknown>> = {
  "severity+status": { severities: ["HIGH", "MEDIUM"], statuses: ["NEW", "IN_PROGRESS"] },
  text: { search: "powershell" },
  evidence: { evidence: { accountName: "jdoe" } },
};
type Page = { alerts: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

interface Latencies {
  first: number[];
  later: number[];
  totals: Record<string, number>;
}

/** Sequential requests: each filter's first page `samples` times, each followed by `laterPages` pages after its cursor. */
async function pageLatencies(gw: GatewayProc, token: string, samples: number, laterPages: number): Promise<Latencies> {
  const out: Latencies = { first: [], later: [], totals: {} };
  const timed = async (variables: Record<string, unknown>) => {
    const t0 = performance.now();
    const res = await gw.gql<Page>(token, FILTERED, variables);
    const ms = performance.now() - t0;
    if (res.status !== 200 || res.body.errors) throw new Error(`filtered page failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
    return { ms, page: res.body.data!.alerts };
  };
  for (let i = 0; i < samples; i++) {
    for (const [name, filter] of Object.entries(FILTERS)) {
      const first = await timed({ filter, first: 50 });
      out.first.push(first.ms);
      out.totals[name] = first.page.totalCount;
      let cursor = first.page.pageInfo.endCursor;
      for (let p = 0; p < laterPages && cursor; p++) {
        const next = await timed({ filter, first: 50, after: cursor });
        out.later.push(next.ms);
        cursor = next.page.pageInfo.hasNextPage ? next.page.pageInfo.endCursor : null;
      }
    }
  }
  out.first.sort((a, b) => a - b);
  out.later.sort((a, b) => a - b);
  return out;
}

const summary = (ms: number[]) => ({ n: ms.length, p50Ms: round(percentile(ms, 50), 1), p99Ms: round(percentile(ms, 99), 1) });

async function metric(gw: GatewayProc, name: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(" ").at(-1)) : NaN;
}

interface WorkerLoad {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non200: number;
  perUrl: number[];
}

/** The load generator in a process of its own (bench/lib/load.worker.ts), so it does not run on the gateways' event loops. */
function loadFromWorker(
  urls: string[],
  body: string,
  token: string,
  concurrency: number,
  warmupMs: number,
  durationMs: number,
): Promise<WorkerLoad> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/load.worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOAD_URLS: urls.join(","),
      LOAD_BODY: body,
      LOAD_TOKEN: token,
      LOAD_CONCURRENCY: String(concurrency),
      LOAD_WARMUP_MS: String(warmupMs),
      LOAD_DURATION_MS: String(durationMs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err = (err + String(d)).slice(-2_000)));
  return new Promise((resolve, reject) => {
    let result: WorkerLoad | null = null;
    createInterface({ input: child.stdout }).on("line", (l) => {
      if (l.startsWith("{")) result = JSON.parse(l) as WorkerLoad;
    });
    child.once("exit", (code) => (result ? resolve(result) : reject(new Error(`load worker exited ${code}: ${err}`))));
  });
}

async function deletePrefix(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
  } finally {
    await r.quit();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function sharedBenchmarks(ctx: SharedBenchContext): Promise<void> {
  const { quick, rows, results, log } = ctx;
  const alerts = Number(process.env.BENCH_SHARED_ALERTS ?? (quick ? 30_000 : 100_000));
  const samples = quick ? 10 : 30;
  const laterPages = 3;
  const load = { concurrency: 16, warmupMs: quick ? 2_000 : 3_000, durationMs: quick ? 5_000 : 10_000, rounds: quick ? 1 : 2 };
  const prefix = `bench:shared:${process.pid}:${Date.now()}:`;
  const env = { SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000", RESPONSE_CACHE_TTL_MS: "0" };
  // A generous command timeout: on this shared machine a sync poll that times out waits a whole poll interval.
  const shared = { ...env, REDIS_URL, REDIS_KEY_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: "10000" };

  log(`S: generating ${alerts} alerts over ${TENANTS} tenants in the simulator`);
  const sim: SimProc = await startSimulator({ tenants: TENANTS, alertsPerTenant: Math.ceil(alerts / TENANTS), seed: 11 });
  const gateways: GatewayProc[] = [];
  try {
    const token = await sim.userToken("bench-shared", [BENCH_GROUP]);

    // Baseline: the embedded gateway (in-memory index) with the same alerts.
    const embedded = await startGateway(sim, env);
    let memory: Latencies;
    let embeddedRss: number;
    try {
      const t0 = Date.now();
      await waitForBackfill(embedded, token, alerts, 900_000);
      log(`S: embedded gateway synced ${alerts} alerts in ${round((Date.now() - t0) / 1000)} s`);
      memory = await pageLatencies(embedded, token, samples, laterPages);
      embeddedRss = embedded.rssMiB();
    } finally {
      await embedded.stop();
    }
    log("S1 embedded", summary(memory.first), summary(memory.later), memory.totals);

    // The shared replica that syncs everything into Redis (its mirror follows its own writes).
    const a = await startGateway(sim, shared);
    gateways.push(a);
    const t1 = Date.now();
    await waitForBackfill(a, token, alerts, 900_000);
    const redisSyncS = round((Date.now() - t1) / 1000);
    log(`S: shared gateway synced ${alerts} alerts into Redis in ${redisSyncS} s`);
    const mirrored = await pageLatencies(a, token, samples, laterPages);
    log("S1 shared, read mirror", summary(mirrored.first), summary(mirrored.later), mirrored.totals);
    if (JSON.stringify(mirrored.totals) !== JSON.stringify(memory.totals))
      throw new Error(`shared and embedded gateways disagree: ${JSON.stringify({ mirrored: mirrored.totals, memory: memory.totals })}`);

    // Cold start: a second replica builds its mirror from Redis before /readyz says ready.
    const t2 = Date.now();
    const b = await startGateway(sim, shared);
    gateways.push(b);
    const readyS = round((Date.now() - t2) / 1000, 2);
    const buildS = round(await metric(b, "gateway_read_mirror_build_seconds"), 2);
    const mirrorItems = await metric(b, 'gateway_read_mirror_items{index="alerts"}');
    const replicaRss = b.rssMiB();
    log("S2 cold start", { readyS, buildS, mirrorItems, replicaRssMiB: round(replicaRss), embeddedRssMiB: round(embeddedRss) });

    // Throughput: one replica, then two behind an even split, alternating; the load generator is a process of its own.
    const body = JSON.stringify({ query: FILTERED, variables: { filter: FILTERS["severity+status"], first: 50 } });
    const one: WorkerLoad[] = [];
    const two: WorkerLoad[] = [];
    for (let r = 0; r < load.rounds; r++) {
      one.push(await loadFromWorker([`${a.url}/graphql`], body, token, load.concurrency, load.warmupMs, load.durationMs));
      two.push(
        await loadFromWorker([`${a.url}/graphql`, `${b.url}/graphql`], body, token, load.concurrency, load.warmupMs, load.durationMs),
      );
    }
    log("S3 one replica", one, "two replicas", two);

    // What shared mode answered before the mirror: the same pages read from Redis.
    const off = await startGateway(sim, { ...shared, READ_MIRROR: "off" });
    gateways.push(off);
    const direct = await pageLatencies(off, token, quick ? 1 : 2, 1);
    log("S1 shared, READ_MIRROR=off", summary(direct.first), summary(direct.later));

    const m = { first: summary(mirrored.first), later: summary(mirrored.later) };
    const e = { first: summary(memory.first), later: summary(memory.later) };
    const d = { first: summary(direct.first), later: summary(direct.later) };
    const oneRps = median(one.map((x) => x.rps));
    const twoRps = median(two.map((x) => x.rps));
    results.shared = {
      alerts,
      tenants: TENANTS,
      filters: FILTERS,
      totals: mirrored.totals,
      redisSyncS,
      pages: { mirror: m, embedded: e, readMirrorOff: d },
      coldStart: {
        readyS,
        buildS,
        mirrorItems,
        replicaRssMiB: round(replicaRss),
        embeddedRssMiB: round(embeddedRss),
        boundS: COLD_START_BOUND_S,
      },
      throughput: { concurrency: load.concurrency, durationMs: load.durationMs, one, two },
    };
    rows.push({
      id: "S1",
      measure: `shared mode (Redis, read mirror), filtered page of 50 at ${alerts} alerts × ${TENANTS} tenants, 3 filters (first page p50 / p99; later pages p50 / p99, ms)`,
      value: `${m.first.p50Ms} / ${m.first.p99Ms}; ${m.later.p50Ms} / ${m.later.p99Ms}`,
      baseline: `embedded ${e.first.p50Ms} / ${e.first.p99Ms}; ${e.later.p50Ms} / ${e.later.p99Ms} — READ_MIRROR=off ${d.first.p50Ms} / ${d.first.p99Ms}; ${d.later.p50Ms} / ${d.later.p99Ms}`,
      ratio: `${round(m.first.p99Ms / e.first.p99Ms, 2)}× embedded p99`,
      target: "p99 < 50 ms, first and later pages",
      pass: m.first.p99Ms < 50 && m.later.p99Ms < 50,
    });
    rows.push({
      id: "S2",
      measure: `cold start of a replica: mirror built from Redis with ${mirrorItems} alerts (build s; process start to ready s; RSS MiB)`,
      value: `${buildS}; ${readyS}; ${round(replicaRss)}`,
      baseline: `embedded gateway with the same alerts: RSS ${round(embeddedRss)} MiB`,
      ratio: `${round(replicaRss / embeddedRss, 2)}× embedded RSS`,
      target: `ready ≤ ${COLD_START_BOUND_S} s`,
      pass: readyS <= COLD_START_BOUND_S && mirrorItems >= alerts,
    });
    rows.push({
      id: "S3",
      measure: `uncached filtered page throughput, two replicas on one Redis vs one, ${load.concurrency} connections from a load process (req/s; p50 / p99 ms)`,
      value: `${twoRps}; ${median(two.map((x) => x.p50Ms))} / ${median(two.map((x) => x.p99Ms))}`,
      baseline: `one replica: ${oneRps}; ${median(one.map((x) => x.p50Ms))} / ${median(one.map((x) => x.p99Ms))}`,
      ratio: `${round(twoRps / oneRps, 2)}×`,
      target: "≥ 1.6× (2 vCPUs: the replicas, the load process and Redis share them)",
      pass: twoRps / oneRps >= 1.6 && [...one, ...two].every((x) => x.non200 === 0),
    });
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    await sim.stop();
    await deletePrefix(prefix);
  }
}
