/**
 * Profiling aid (not part of `npm run bench`): one simulator, one gateway (response cache off) and the closed-loop
 * load of row 2b (or 2c with `Q=inc`) on it alone; prints the load result. `PROF=<dir>` writes the gateway's CPU
 * profile there; `GWENV='{"EXECUTION_ENGINE":"graphql-js"}'` adds gateway settings; `DUR` = measured ms (default 8,000).
 * `node --import tsx bench/prof-page.ts`
 */
import { runLoad } from "./lib/load.js";
import { INCIDENT_PAGE, PAGE as ALERT_PAGE } from "./lib/queries.js";
import { BENCH_GROUP, startGateway, startSimulator, waitForBackfill } from "./lib/proc.js";
const PAGE = process.env.Q === "inc" ? INCIDENT_PAGE : ALERT_PAGE;
const sim = await startSimulator({ tenants: 10, alertsPerTenant: 200 });
const prof = process.env.PROF;
const gw = await startGateway(
  sim,
  {
    SYNC_POLL_INTERVAL_MS: "600000",
    RATE_LIMIT_PER_CALLER: "1000000000",
    RESPONSE_CACHE_TTL_MS: "0",
    ...(process.env.GWENV ? JSON.parse(process.env.GWENV) : {}),
  },
  prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [],
);
const token = await sim.userToken("bench-page", [BENCH_GROUP]);
await waitForBackfill(gw, token, 2000);
const body = JSON.stringify({ query: PAGE, variables: { first: process.env.Q === "inc" ? 50 : 100 } });
const r = await runLoad({
  url: `${gw.url}/graphql`,
  body,
  headers: { authorization: `Bearer ${token}` },
  concurrency: 32,
  warmupMs: 2000,
  durationMs: Number(process.env.DUR ?? 8000),
});
console.log(JSON.stringify(r));
await gw.stop();
await sim.stop();
