import { Counter, Gauge } from "prom-client";
import { registry } from "../../observability/metrics.js";
import type { MirrorState, MirrorStatus } from "./read-mirror.types.js";

/** What the metrics read of a live mirror at scrape time. */
export interface TrackedMirror {
  status(): MirrorStatus;
  items(): Promise<{ alerts: number; incidents: number }>;
}

const mirrors = new Set<TrackedMirror>();
const STATES: readonly MirrorState[] = ["building", "ready", "resyncing", "stale"];

new Gauge({
  name: "gateway_read_mirror_state",
  help: "Read mirror state of this replica (shared mode): 1 for the current state (building, ready, resyncing, stale)",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const m of mirrors) {
      const now = m.status().state;
      for (const s of STATES) this.set({ state: s }, s === now ? 1 : 0);
    }
  },
});

new Gauge({
  name: "gateway_read_mirror_lag_seconds",
  help: "Age of the oldest event the read mirror has not applied yet, by log (alerts, incidents); 0 when caught up",
  labelNames: ["log"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const m of mirrors) {
      const { lagSeconds } = m.status();
      this.set({ log: "alerts" }, lagSeconds.alerts);
      this.set({ log: "incidents" }, lagSeconds.incidents);
    }
  },
});

new Gauge({
  name: "gateway_read_mirror_items",
  help: "Items held by the read mirror of this replica, by index (alerts, incidents)",
  labelNames: ["index"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const m of mirrors) {
      const n = await m.items();
      this.set({ index: "alerts" }, n.alerts);
      this.set({ index: "incidents" }, n.incidents);
    }
  },
});

new Gauge({
  name: "gateway_read_mirror_build_seconds",
  help: "How long the read mirror's first build from Redis took, s; -1 while it runs",
  registers: [registry],
  collect() {
    this.reset();
    for (const m of mirrors) {
      const ms = m.status().buildMs;
      this.set(ms === null ? -1 : ms / 1000);
    }
  },
});

new Counter({
  name: "gateway_read_mirror_resyncs_total",
  help: "Resyncs of the read mirror from Redis after a gap in the event feed (events trimmed before they were applied)",
  registers: [registry],
  collect() {
    this.reset();
    let n = 0;
    for (const m of mirrors) n += m.status().resyncs;
    this.inc(n);
  },
});

/** Exposes a mirror's state to the scrape until the returned function is called. */
export function trackMirror(m: TrackedMirror): () => void {
  mirrors.add(m);
  return () => mirrors.delete(m);
}
