/**
 * Rows 2b/2c: pages executed on every request (response cache off) against two baselines measured in the same
 * run, each serving the gateway's own answer: a bare Apollo Server over a static copy (`apollo-static.ts`) and a
 * raw `node:http` server writing the pre-serialized bytes (`raw-http.ts`). The gateway runs with each execution
 * engine (`EXECUTION_ENGINE=jit`, the default, and `graphql-js`). All four run at once and take the load in turns
 * (4 rounds), so a shared machine's drifting load falls on each alike. The load generator runs in the bench
 * process, as for every row.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round, runLoad, type LoadResult } from "../lib/load.js";
import { firstJsonLine, freePort, spawnNode, startGateway, waitForBackfill, type SimProc } from "../lib/proc.js";
import type { BenchRow } from "../lib/row.js";

export interface PageCase {
  id: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
}

type LoadOpts = { concurrency: number; warmupMs: number; durationMs: number };

/** Targets of issue #15: ≥ 3× bare Apollo and ≥ 0.2× a raw node:http server, both serving the same answer. */
const VS_APOLLO = 3;
const VS_RAW = 0.2;

const fmt = (l: LoadResult) => `${l.rps}; ${l.p50Ms} / ${l.p99Ms}`;

/** A server under test: where to send the load, and how to stop it. */
interface Target {
  url: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

async function startBaseline(script: string, dataFile: string, body: string, expected: unknown): Promise<Target> {
  const port = await freePort();
  const base = spawnNode(script, { BASELINE_PORT: String(port), BASELINE_DATA: dataFile, NODE_ENV: "production" });
  await firstJsonLine(base.stdout, (l) => (l.msg === "baseline listening" ? true : undefined), 60_000, script, base.stderr);
  const url = `http://127.0.0.1:${port}/graphql`;
  const check = await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json();
  if (JSON.stringify(check) !== JSON.stringify(expected)) {
    await base.proc.stop();
    throw new Error(`${script} answers differently from the gateway`);
  }
  return { url, headers: {}, stop: () => base.proc.stop() };
}

/**
 * The same load on each target in turn, `rounds` times, each slice `durationMs / rounds` long: on a shared machine
 * whose load drifts, every target sees the same mix of busy and quiet moments. req/s is over all slices; p50/p99
 * are the medians of the slices' own.
 */
async function interleaved(
  targets: Record<string, Target>,
  body: string,
  load: LoadOpts,
  rounds: number,
): Promise<Record<string, LoadResult>> {
  const slices: Record<string, LoadResult[]> = {};
  for (const [name, t] of Object.entries(targets)) {
    await runLoad({ url: t.url, body, headers: t.headers, concurrency: load.concurrency, warmupMs: 0, durationMs: load.warmupMs });
    slices[name] = [];
  }
  const sliceMs = Math.max(500, Math.round(load.durationMs / rounds));
  for (let r = 0; r < rounds; r++)
    for (const [name, t] of Object.entries(targets))
      slices[name].push(
        await runLoad({ url: t.url, body, headers: t.headers, concurrency: load.concurrency, warmupMs: 200, durationMs: sliceMs }),
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

export async function executedPageRows(
  sim: SimProc,
  token: string,
  alerts: number,
  cases: PageCase[],
  load: LoadOpts,
): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const engines = ["jit", "graphql-js"] as const;
  const targets: Target[] = [];
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  try {
    // Both gateways up at once (jit first; `BENCH_CPU_PROF` profiles that one), so the cases can interleave them.
    const gateways: Record<string, Target> = {};
    for (const engine of engines) {
      const gw = await startGateway(
        sim,
        { SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000", RESPONSE_CACHE_TTL_MS: "0", EXECUTION_ENGINE: engine },
        engine === "jit" && process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      );
      const target = { url: `${gw.url}/graphql`, headers: { authorization: `Bearer ${token}` }, stop: () => gw.stop() };
      targets.push(target);
      gateways[engine] = target;
      await waitForBackfill(gw, token, alerts);
    }
    for (const c of cases) {
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const answers = await Promise.all(
        engines.map(async (engine) => {
          const res = await fetch(gateways[engine].url, {
            method: "POST",
            headers: { "content-type": "application/json", ...gateways[engine].headers },
            body,
          });
          const answer = (await res.json()) as { data?: unknown; errors?: unknown };
          if (res.status !== 200 || answer.errors) throw new Error(`${c.id} failed on ${engine}: ${JSON.stringify(answer)}`);
          return answer;
        }),
      );
      if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) throw new Error(`${c.id}: the engines answer differently`);
      const answer = answers[0];
      const dataFile = join(tmpdir(), `mssp-bench-${c.id}-${process.pid}.json`);
      writeFileSync(dataFile, JSON.stringify(answer.data));
      const apolloTarget = await startBaseline("bench/baseline/apollo-static.ts", dataFile, body, answer);
      targets.push(apolloTarget);
      const rawFile = join(tmpdir(), `mssp-bench-${c.id}-raw-${process.pid}.json`);
      writeFileSync(rawFile, JSON.stringify(answer));
      const rawTarget = await startBaseline("bench/baseline/raw-http.ts", rawFile, body, answer);
      targets.push(rawTarget);
      const measured = await interleaved(
        { jit: gateways.jit, graphqlJs: gateways["graphql-js"], bareApollo: apolloTarget, rawHttp: rawTarget },
        body,
        load,
        4,
      );
      await Promise.all([apolloTarget.stop(), rawTarget.stop()]);
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
    await Promise.all(targets.map((t) => t.stop().catch(() => undefined)));
  }
  return { rows, results };
}
