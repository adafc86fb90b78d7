/**
 * Rows 2b/2c: pages executed on every request (response cache off) against two baselines measured in the same
 * run, each serving the gateway's own answer: a bare Apollo Server over a static copy (`apollo-static.ts`) and a
 * raw `node:http` server writing the pre-serialized bytes (`raw-http.ts`). The gateway runs with each execution
 * engine (`EXECUTION_ENGINE=jit`, the default, and `graphql-js`). All of them run at once and take the load in
 * turns (`rounds` rounds), so a shared machine's drifting load falls on each alike; a case may add targets of its
 * own to its rotation (row 2's response-cached gateway joins 2b's, against the same bare Apollo). The load
 * generator runs in the bench process, as for every row.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round, runLoad, type LoadResult } from "../lib/load.js";
import { firstJsonLine, freePort, spawnNode, startAll, startGateway, waitForBackfill, type SimProc } from "../lib/proc.js";
import type { BenchRow } from "../lib/row.js";

export interface PageCase {
  id: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
  /** More servers measured in this case's rotation (they must give the same answer), by name. */
  alsoMeasure?: Record<string, Target>;
}

/**
 * `durationMs` is each target's measured time, cut into `rounds` slices (one per round); `warmupMs` warms every
 * target at once before the first round.
 */
export type LoadOpts = { concurrency: number; warmupMs: number; durationMs: number; rounds: number };

/** Targets of issue #15: ≥ 3× bare Apollo and ≥ 0.2× a raw node:http server, both serving the same answer. */
const VS_APOLLO = 3;
const VS_RAW = 0.2;
/** Each slice's own warm-up: its connections are new (one keep-alive agent per slice). */
const SLICE_WARMUP_MS = 200;

const fmt = (l: LoadResult) => `${l.rps}; ${l.p50Ms} / ${l.p99Ms}`;

/** A server under test: where to send the load, and how to stop it. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

export const ENGINES = ["jit", "graphql-js"] as const;
export type ExecutingGateways = Record<(typeof ENGINES)[number], Target> & { stop(): Promise<void> };

/**
 * One gateway per execution engine, response cache off, started at the same time (jit first in the list;
 * `BENCH_CPU_PROF` profiles that one). Resolves once both have backfilled `alerts`.
 */
export async function startExecutingGateways(sim: SimProc, token: string, alerts: number): Promise<ExecutingGateways> {
  const gws = await startAll(
    ENGINES.map((engine) =>
      startGateway(
        sim,
        {
          SYNC_POLL_INTERVAL_MS: "600000",
          RATE_LIMIT_PER_CALLER: "1000000000",
          RESPONSE_CACHE_TTL_MS: "0",
          EXECUTION_ENGINE: engine,
          // See main.ts: a failed backfill poll would wait 10 minutes for its retry.
          UPSTREAM_TIMEOUT_MS: "60000",
        },
        engine === "jit" && process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      ),
    ),
  );
  try {
    await Promise.all(gws.map((gw) => waitForBackfill(gw, token, alerts)));
  } catch (e) {
    await Promise.all(gws.map((gw) => gw.stop()));
    throw e;
  }
  const target = (i: number): Target => ({
    url: `${gws[i].url}/graphql`,
    headers: { authorization: `Bearer ${token}` },
    stop: () => gws[i].stop(),
  });
  return { jit: target(0), "graphql-js": target(1), stop: async () => void (await Promise.all(gws.map((gw) => gw.stop()))) };
}

async function startBaseline(script: string, dataFile: string, body: string, expected: unknown): Promise<Target> {
  const port = await freePort();
  const base = await spawnNode(script, { BASELINE_PORT: String(port), BASELINE_DATA: dataFile, NODE_ENV: "production" });
  const stop = () => base.proc.stop();
  try {
    await firstJsonLine(base.stdout, (l) => (l.msg === "baseline listening" ? true : undefined), 180_000, script, base.stderr);
    const url = `http://127.0.0.1:${port}/graphql`;
    const check = await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json();
    if (JSON.stringify(check) !== JSON.stringify(expected)) throw new Error(`${script} answers differently from the gateway`);
    return { url, headers: {}, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The answer of `t` to `body`, which must be a 200 without errors. */
async function answerOf(t: Target, body: string, what: string): Promise<{ data?: unknown; errors?: unknown }> {
  const res = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", ...t.headers }, body });
  const answer = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || answer.errors) throw new Error(`${what} failed: ${JSON.stringify(answer)}`);
  return answer;
}

/**
 * Every target warmed at once, then the same load on each in turn, `rounds` times, each slice `durationMs / rounds`
 * long: on a shared machine whose load drifts, every target sees the same mix of busy and quiet moments. req/s is
 * over all slices; p50/p99 are the medians of the slices' own.
 */
async function interleaved(targets: Record<string, Target>, body: string, load: LoadOpts): Promise<Record<string, LoadResult>> {
  const { concurrency, rounds } = load;
  await Promise.all(
    Object.values(targets).map((t) =>
      runLoad({ url: t.url, body, headers: t.headers, concurrency, warmupMs: 0, durationMs: load.warmupMs }),
    ),
  );
  const slices: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const sliceMs = Math.max(500, Math.round(load.durationMs / rounds));
  for (let r = 0; r < rounds; r++)
    for (const [name, t] of Object.entries(targets))
      slices[name].push(
        await runLoad({ url: t.url, body, headers: t.headers, concurrency, warmupMs: SLICE_WARMUP_MS, durationMs: sliceMs }),
      );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(
    Object.entries(slices).map(([name, ls]) => {
      const requests = ls.reduce((n, l) => n + l.requests, 0);
      const seconds = ls.reduce((n, l) => n + l.requests / Math.max(l.rps, 1e-9), 0);
      return [
        name,
        {
          requests,
          rps: round(requests / seconds, 0),
          p50Ms: median(ls.map((l) => l.p50Ms)),
          p99Ms: median(ls.map((l) => l.p99Ms)),
          non200: ls.reduce((n, l) => n + l.non200, 0),
          bodyBytes: ls.at(-1)!.bodyBytes,
        },
      ];
    }),
  );
}

/**
 * Measures every case on `gateways` and its baselines (started for all cases at once, each stopped after its case).
 * `results[case id]` holds each target's figures by name: `jit`, `graphqlJs`, `bareApollo`, `rawHttp` and the
 * case's `alsoMeasure` names.
 */
export async function executedPageRows(
  gateways: ExecutingGateways,
  cases: PageCase[],
  load: LoadOpts,
  log: (...a: unknown[]) => void,
): Promise<{ rows: BenchRow[]; results: Record<string, Record<string, LoadResult>> }> {
  const rows: BenchRow[] = [];
  const results: Record<string, Record<string, LoadResult>> = {};
  const settled = await Promise.allSettled(
    cases.map(async (c) => {
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const servers: Record<string, Target> = { jit: gateways.jit, graphqlJs: gateways["graphql-js"], ...c.alsoMeasure };
      const answers = await Promise.all(Object.entries(servers).map(([name, t]) => answerOf(t, body, `${c.id} on ${name}`)));
      if (answers.some((a) => JSON.stringify(a) !== JSON.stringify(answers[0])))
        throw new Error(`${c.id}: ${Object.keys(servers).join(", ")} answer differently`);
      const answer = answers[0];
      const dataFile = join(tmpdir(), `mssp-bench-${c.id}-${process.pid}.json`);
      writeFileSync(dataFile, JSON.stringify(answer.data));
      const rawFile = join(tmpdir(), `mssp-bench-${c.id}-raw-${process.pid}.json`);
      writeFileSync(rawFile, JSON.stringify(answer));
      const [bareApollo, rawHttp] = await startAll([
        startBaseline("bench/baseline/apollo-static.ts", dataFile, body, answer),
        startBaseline("bench/baseline/raw-http.ts", rawFile, body, answer),
      ]);
      return { c, body, baselines: { bareApollo, rawHttp } };
    }),
  );
  const prepared = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  try {
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    for (const { c, body, baselines } of prepared) {
      const measured = await interleaved(
        { jit: gateways.jit, graphqlJs: gateways["graphql-js"], ...baselines, ...c.alsoMeasure },
        body,
        load,
      );
      await Promise.all(Object.values(baselines).map((t) => t.stop()));
      log(`#${c.id} executed page`, measured);
      const { jit, graphqlJs: js, bareApollo: apollo, rawHttp: raw } = measured;
      results[c.id] = measured;
      const vsApollo = jit.rps / apollo.rps;
      const vsRaw = jit.rps / raw.rps;
      rows.push({
        id: c.id,
        measure: `${c.what}, response cache off: every request executed, ${load.concurrency} connections, ${Math.round(jit.bodyBytes / 1024)} KB (req/s; p50 / p99 ms)`,
        value: fmt(jit),
        baseline: `bare Apollo ${fmt(apollo)}; raw node:http ${fmt(raw)}`,
        ratio: `${round(vsApollo, 2)}× Apollo, ${round(vsRaw, 2)}× raw`,
        target: `≥ ${VS_APOLLO}× Apollo, ≥ ${VS_RAW}× raw`,
        pass: vsApollo >= VS_APOLLO && vsRaw >= VS_RAW && jit.non200 === 0,
      });
      rows.push({
        id: `${c.id}-js`,
        measure: `same, EXECUTION_ENGINE=graphql-js`,
        value: fmt(js),
        baseline: `jit ${jit.rps}`,
        ratio: `${round(jit.rps / js.rps, 2)}× (jit / graphql-js); ${round(js.rps / apollo.rps, 2)}× Apollo`,
        target: "(informative)",
        pass: js.non200 === 0 ? null : false,
      });
    }
  } finally {
    await Promise.all(prepared.flatMap((p) => Object.values(p.baselines).map((t) => t.stop().catch(() => undefined))));
  }
  return { rows, results };
}
