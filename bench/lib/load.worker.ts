/**
 * A closed-loop load generator in a process of its own (`node --import tsx bench/lib/load.worker.ts`), so that its
 * CPU is not the gateways' CPU. It drives wrk when wrk is installed (load.wrk.ts), else the lean Node client of
 * load.raw.ts: on two cores the load generator's own CPU is taken from what it measures, so it must be small.
 * Settings from the environment: LOAD_URLS (comma-separated: the connections are split evenly over them, as a load
 * balancer would), LOAD_BODY, LOAD_TOKEN, LOAD_CONCURRENCY, LOAD_WARMUP_MS, LOAD_DURATION_MS, LOAD_CLIENT (`wrk` or
 * `node`; default: wrk when on the PATH). Prints one JSON line: the summed requests/s, the latency percentiles of
 * all requests and the client used.
 */
import { round } from "./load.js";
import { runRawLoad } from "./load.raw.js";
import { runWrkLoad, wrkAvailable } from "./load.wrk.js";

const urls = (process.env.LOAD_URLS ?? "").split(",").filter(Boolean);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 16);
const client = process.env.LOAD_CLIENT ?? (wrkAvailable() ? "wrk" : "node");
if (client !== "wrk" && client !== "node") throw new Error(`LOAD_CLIENT must be wrk or node, not ${client}`);
const run = client === "wrk" ? runWrkLoad : runRawLoad;
const common = {
  body: process.env.LOAD_BODY ?? "",
  headers: process.env.LOAD_TOKEN ? { authorization: `Bearer ${process.env.LOAD_TOKEN}` } : undefined,
  warmupMs: Number(process.env.LOAD_WARMUP_MS ?? 2_000),
  durationMs: Number(process.env.LOAD_DURATION_MS ?? 5_000),
};
const per = urls.map((url, i) =>
  run({ url, concurrency: Math.floor(concurrency / urls.length) + (i < concurrency % urls.length ? 1 : 0), ...common }),
);
const results = await Promise.all(per);
const requests = results.reduce((n, r) => n + r.requests, 0);
console.log(
  JSON.stringify({
    client,
    rps: results.reduce((n, r) => n + r.rps, 0),
    requests,
    // Weighted by requests: each url's percentile, not the exact percentile of the union (close enough for even splits).
    p50Ms: round(results.reduce((n, r) => n + r.p50Ms * r.requests, 0) / Math.max(1, requests), 2),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    non200: results.reduce((n, r) => n + r.non200, 0),
    bodyBytes: results[0]?.bodyBytes ?? 0,
    perUrl: results.map((r) => r.rps),
  }),
);
process.exit(0);
