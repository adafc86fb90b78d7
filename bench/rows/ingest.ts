/**
 * Row #6, ingest: a backfill of tenants × alerts from the standalone simulator into a fresh gateway (embedded memory
 * store), timed from the gateway's start of sync to every tenant backfilled. The Graph path (the default upstream) is
 * measured against the legacy Defender path on the same simulator data, in the same run.
 */
import { INSPECT_ARGS, sleep, startGateway, waitForBackfill, type GatewayProc, type SimProc } from "../lib/proc.js";
import { round } from "../lib/load.js";

export interface IngestResult {
  api: string;
  alerts: number;
  seconds: number;
  alertsPerSec: number;
  upstreamCalls: number;
  rssMiB: [number, number];
  heapMiB: [number, number];
  rssBytesPerAlert: number;
  heapBytesPerAlert: number;
  /** CPU time per alert during the backfill, µs: the gateway's and the simulator's (they share the machine's cores). */
  cpuMicrosPerAlert: { gateway: number; simulator: number };
}

async function metricValue(gw: GatewayProc, name: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : NaN;
}

async function upstreamCalls(sim: SimProc): Promise<number> {
  let total = 0;
  for (const t of sim.info.tenants) total += (await sim.control<{ total: number }>("GET", `/_sim/tenants/${t.id}/counters`)).total;
  return total;
}

/**
 * `waitForBackfill`, tolerating a refused status poll: a gateway busy ingesting may close a keep-alive connection as
 * the poll reuses it (ECONNRESET), which says nothing about the backfill.
 */
async function backfilled(gw: GatewayProc, token: string, minAlerts: number): Promise<number> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      return await waitForBackfill(gw, token, minAlerts, Math.max(1_000, deadline - Date.now()));
    } catch (e) {
      if (!(e instanceof TypeError) || Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

/**
 * The simulator maps its alerts to Graph's shape, sorts and serializes them on a tenant's first Graph reads (then keeps
 * them): done before the Graph backfill, untimed, so the gateway does not share the cores with one-time costs
 * Microsoft's servers do not have. Cheap once done; the whole run does it during #5, whose figures do not depend on
 * the CPU.
 */
export async function warmGraphView(sim: SimProc): Promise<void> {
  for (const t of sim.info.tenants) await sim.control("POST", `/_sim/tenants/${t.id}/graph/prepare`);
}

/**
 * One backfill of everything `sim` holds (at least `minAlerts`) through `api` ("graph" or "defender"). Upstream counters
 * are reset first, so `upstreamCalls` is this backfill's.
 */
export async function measureIngest(sim: SimProc, token: string, api: "graph" | "defender", minAlerts: number): Promise<IngestResult> {
  if (api === "graph") await warmGraphView(sim);
  await sim.control("DELETE", "/_sim/counters");
  const prof = process.env.BENCH_CPU_PROF;
  const gw = await startGateway(
    sim,
    // A generous upstream timeout: on a machine shared with other jobs a page of 1,000 alerts (3.5 MB) can take
    // seconds to build and parse, and a timeout's retries and breaker pauses would measure contention, not ingest.
    { SYNC_POLL_INTERVAL_MS: "600000", UPSTREAM_API: api, UPSTREAM_TIMEOUT_MS: "60000" },
    // the inspector: memory is read after a full GC (what the index holds, not the backfill's garbage, as row 3)
    [...INSPECT_ARGS, ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [])],
  );
  try {
    await gw.collectGarbage();
    const rss0 = gw.rssMiB();
    const heap0 = await metricValue(gw, "nodejs_heap_size_used_bytes");
    const cpu0 = [gw.cpuMicros(), sim.cpuMicros()];
    const t0 = Date.now();
    const indexed = await backfilled(gw, token, minAlerts);
    const seconds = (Date.now() - t0) / 1000;
    const cpu1 = [gw.cpuMicros(), sim.cpuMicros()];
    // Settled first (the last page's events reach the follower and notification matcher), then collected.
    await sleep(2_000);
    await gw.collectGarbage();
    const rss1 = gw.rssMiB();
    const heap1 = await metricValue(gw, "nodejs_heap_size_used_bytes");
    return {
      api,
      alerts: indexed,
      seconds: round(seconds, 2),
      alertsPerSec: round(indexed / seconds, 0),
      upstreamCalls: await upstreamCalls(sim),
      rssMiB: [round(rss0), round(rss1)],
      heapMiB: [round(heap0 / 2 ** 20), round(heap1 / 2 ** 20)],
      rssBytesPerAlert: round(((rss1 - rss0) * 2 ** 20) / indexed, 0),
      heapBytesPerAlert: round((heap1 - heap0) / indexed, 0),
      cpuMicrosPerAlert: { gateway: round((cpu1[0] - cpu0[0]) / indexed, 0), simulator: round((cpu1[1] - cpu0[1]) / indexed, 0) },
    };
  } finally {
    await gw.stop();
  }
}

export const INGEST_TARGETS = { alertsPerSec: 15_000, rssBytesPerAlert: 4_096 } as const;
