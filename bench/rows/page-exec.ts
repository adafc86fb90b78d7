/**
 * Rows 2b/2c: pages executed on every request (response cache off) against two baselines measured in the same
 * run, each serving the gateway's own answer: a bare Apollo Server over a static copy (`apollo-static.ts`) and a
 * raw `node:http` server writing the pre-serialized bytes (`raw-http.ts`). The gateway runs with each execution
 * engine (`EXECUTION_ENGINE=jit`, the default, and `graphql-js`) so the two are compared under the same load.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round, runLoad, type LoadResult } from "../lib/load.js";
import { firstJsonLine, freePort, spawnNode, startGateway, waitForBackfill, type SimProc } from "../lib/proc.js";

export interface PageCase {
  id: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface ExecutedRow {
  id: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

type LoadOpts = { concurrency: number; warmupMs: number; durationMs: number };

/** Targets of issue #15: ≥ 3× bare Apollo and ≥ 0.2× a raw node:http server, both serving the same answer. */
const VS_APOLLO = 3;
const VS_RAW = 0.2;

const fmt = (l: LoadResult) => `${l.rps}; ${l.p50Ms} / ${l.p99Ms}`;

async function baselineLoad(script: string, dataFile: string, body: string, expected: unknown, load: LoadOpts): Promise<LoadResult> {
  const port = await freePort();
  const base = spawnNode(script, { BASELINE_PORT: String(port), BASELINE_DATA: dataFile, NODE_ENV: "production" });
  await firstJsonLine(base.stdout, (l) => (l.msg === "baseline listening" ? true : undefined), 60_000, script, base.stderr);
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const check = await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json();
    if (JSON.stringify(check) !== JSON.stringify(expected)) throw new Error(`${script} answers differently from the gateway`);
    return await runLoad({ url, body, ...load });
  } finally {
    await base.proc.stop();
  }
}

/**
 * Measures each case on a gateway per engine (jit first; `BENCH_CPU_PROF` profiles that one), then both
 * baselines per case. Returns the rows (targets on the jit rows, the graphql-js rows informative) and raw figures.
 */
export async function executedPageRows(
  sim: SimProc,
  token: string,
  alerts: number,
  cases: PageCase[],
  load: LoadOpts,
): Promise<{ rows: ExecutedRow[]; results: Record<string, unknown> }> {
  const engines = ["jit", "graphql-js"] as const;
  const gateway: Record<string, Record<string, LoadResult>> = {};
  const answers: Record<string, unknown> = {};
  for (const engine of engines) {
    const gw = await startGateway(
      sim,
      { SYNC_POLL_INTERVAL_MS: "600000", RATE_LIMIT_PER_CALLER: "1000000000", RESPONSE_CACHE_TTL_MS: "0", EXECUTION_ENGINE: engine },
      engine === "jit" && process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
    );
    try {
      await waitForBackfill(gw, token, alerts);
      gateway[engine] = {};
      for (const c of cases) {
        const probe = await gw.gql(token, c.query, c.variables);
        if (probe.status !== 200 || probe.body.errors) throw new Error(`${c.id} failed on ${engine}: ${JSON.stringify(probe.body)}`);
        const answer = { data: probe.body.data };
        if (answers[c.id] !== undefined && JSON.stringify(answers[c.id]) !== JSON.stringify(answer))
          throw new Error(`${c.id}: the engines answer differently`);
        answers[c.id] = answer;
        const body = JSON.stringify({ query: c.query, variables: c.variables });
        gateway[engine][c.id] = await runLoad({ url: `${gw.url}/graphql`, body, headers: { authorization: `Bearer ${token}` }, ...load });
      }
    } finally {
      await gw.stop();
    }
  }

  const rows: ExecutedRow[] = [];
  const results: Record<string, unknown> = {};
  for (const c of cases) {
    const dataFile = join(tmpdir(), `mssp-bench-${c.id}-${process.pid}.json`);
    const answer = answers[c.id] as { data: unknown };
    const body = JSON.stringify({ query: c.query, variables: c.variables });
    writeFileSync(dataFile, JSON.stringify(answer.data));
    const apollo = await baselineLoad("bench/baseline/apollo-static.ts", dataFile, body, answer, load);
    writeFileSync(dataFile, JSON.stringify(answer));
    const raw = await baselineLoad("bench/baseline/raw-http.ts", dataFile, body, answer, load);
    const jit = gateway.jit[c.id];
    const js = gateway["graphql-js"][c.id];
    results[c.id] = { jit, graphqlJs: js, bareApollo: apollo, rawHttp: raw };
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
  return { rows, results };
}
