/**
 * In-process micro-benchmark of the gateway's ingest work (no HTTP, no simulator process): Graph alert pages as
 * JSON text → parse → map → `recordAlertChanges` into a memory store. For quick iteration on the mapping and the
 * memory index; the bench row (#6) remains the measure. Run: `node --expose-gc --import tsx bench/rows/ingest.micro.ts`.
 * `MICRO_TENANTS` (10), `MICRO_ALERTS` per tenant (2,000), `MICRO_PAGE` (100), `MICRO_PROF` (a .cpuprofile path).
 */
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { createWorld } from "../../src/simulator/world.store.js";
import { graphAlerts } from "../../src/simulator/incident.store.js";
import { DEFENDER_LIMITS } from "../../src/upstream/defender.types.js";
import type { graphAlert as GraphAlertFn } from "../../src/upstream/graph.mapper.js";
import type { createMemoryStore as CreateStoreFn } from "../../src/store/memory.store.js";
import type { recordAlertChanges as RecordFn } from "../../src/store/alert-changes.js";

/** `MICRO_SRC`: another checkout's `src` (e.g. main's) to measure the same pages against, as a baseline. */
const src = process.env.MICRO_SRC ?? new URL("../../src", import.meta.url).pathname;
const { graphAlert } = (await import(`${src}/upstream/graph.mapper.js`)) as { graphAlert: typeof GraphAlertFn };
const { createMemoryStore } = (await import(`${src}/store/memory.store.js`)) as { createMemoryStore: typeof CreateStoreFn };
const { recordAlertChanges } = (await import(`${src}/store/alert-changes.js`)) as { recordAlertChanges: typeof RecordFn };

const tenants = Number(process.env.MICRO_TENANTS ?? 10);
const perTenant = Number(process.env.MICRO_ALERTS ?? 2_000);
const pageSize = Number(process.env.MICRO_PAGE ?? 100);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const world = createWorld({
  seed: 7,
  epochMs: Date.now(),
  tenantCount: tenants,
  alertsPerTenant: perTenant,
  machinesPerTenant: 15,
  xdrAlertsPerTenant: Math.round(perTenant / 4),
  limits: { ...DEFENDER_LIMITS },
  graphLimits: { perMinute: 1e9, perHour: 1e9 },
});
const pages: { tenantId: string; text: string }[] = [];
for (const state of world.tenants) {
  const all = graphAlerts(state);
  for (let i = 0; i < all.length; i += pageSize)
    pages.push({ tenantId: state.tenant.id, text: JSON.stringify({ value: all.slice(i, i + pageSize) }) });
}
const total = pages.reduce((n, p) => n + (JSON.parse(p.text) as { value: unknown[] }).value.length, 0);

async function main() {
  const store = createMemoryStore();
  store.events.listen(() => {});
  let session: Session | null = null;
  if (process.env.MICRO_PROF) {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const p of pages) {
    const body = JSON.parse(p.text) as { value: Parameters<typeof graphAlert>[0][] };
    await recordAlertChanges(store, p.tenantId, body.value.map(graphAlert));
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(process.env.MICRO_PROF!, JSON.stringify(profile));
  }
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const count = (await Promise.all(world.tenants.map((t) => store.index.count(t.tenant.id)))).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      src,
      alerts: total,
      indexed: count,
      ms: Math.round(ms),
      cpuMs: Math.round(cpuMs),
      alertsPerCpuSec: Math.round((total / cpuMs) * 1000),
      heapBytesPerAlert: Math.round((heap1 - heap0) / total),
    }),
  );
}
void main();
