import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { GATEWAY_NODE_FLAGS } from "../../src/node-flags.js";
import { bundled } from "./bundle.js";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** Resident set size now, MiB (Linux /proc). */
  rssMiB(): number;
  /** CPU time the process has used so far (user + system), µs (Linux /proc; clock ticks of 10 ms). */
  cpuMicros(): number;
  /**
   * Runs a full garbage collection in the process (through the inspector protocol; the process must have been started
   * with `INSPECT_ARGS`) and resolves when it is done. Memory figures read after it count what the process holds, not
   * what it has yet to collect: without it, RSS per subscriber ranged 2.5–13.5 KB between runs of the same code.
   */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/** Node arguments that let `Proc.collectGarbage` reach the process: an inspector on a free loopback port. */
export const INSPECT_ARGS = ["--inspect=127.0.0.1:0"];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `HeapProfiler.collectGarbage` over the inspector's WebSocket at `url` (Chrome DevTools protocol). */
async function collectGarbageAt(url: string): Promise<void> {
  const ws = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("HeapProfiler.collectGarbage: no answer in 60 s")), 60_000);
      ws.on("message", (data: Buffer) => {
        const msg = JSON.parse(data.toString("utf8")) as { id?: number; error?: { message: string } };
        if (msg.id !== 1) return;
        clearTimeout(timer);
        if (msg.error) reject(new Error(`HeapProfiler.collectGarbage: ${msg.error.message}`));
        else resolve();
      });
      ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
    });
  } finally {
    ws.close();
  }
}

function wrap(child: ChildProcess, stderr: () => string): Proc {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    pid: child.pid!,
    rssMiB: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    cpuMicros: () => {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name, in clock ticks
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    },
    async collectGarbage() {
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(stderr())?.[1];
      if (!url) throw new Error(`process ${child.pid} has no inspector (start it with INSPECT_ARGS)`);
      await collectGarbageAt(url);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * `script` (relative to the repository, e.g. "src/main.ts") bundled (bundle.ts) and run by Node with `env`; stderr is
 * kept for error messages. A process started with `--cpu-prof` runs from the sources through tsx instead, so that its
 * profile names the source files (a bundle's functions would all be in one file).
 */
export async function spawnNode(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ proc: Proc; stdout: NodeJS.ReadableStream; stderr: () => string }> {
  const profiled = nodeArgs.includes("--cpu-prof");
  const child = spawn(process.execPath, [...nodeArgs, ...(profiled ? ["--import", "tsx", script] : [await bundled(ROOT, script)])], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  // The inspector's address is printed first: kept apart, since the tail below keeps only the last 4 KB.
  let inspector = "";
  child.stderr.on("data", (d) => {
    err = (err + String(d)).slice(-4_000);
    if (!inspector) inspector = /Debugger listening on ws:\/\/\S+/.exec(err)?.[0] ?? "";
  });
  return { proc: wrap(child, () => inspector), stdout: child.stdout, stderr: () => err };
}

/** Resolves with the first stdout JSON line for which `pick` returns a value. */
export function firstJsonLine<T>(
  stdout: NodeJS.ReadableStream,
  pick: (line: Record<string, unknown>) => T | undefined,
  timeoutMs: number,
  what: string,
  stderr: () => string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms: ${stderr()}`)), timeoutMs);
    const rl = createInterface({ input: stdout });
    rl.on("line", (line) => {
      try {
        const v = pick(JSON.parse(line) as Record<string, unknown>);
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        }
      } catch {
        /* not JSON */
      }
    });
    rl.on("close", () => reject(new Error(`${what} exited: ${stderr()}`)));
  });
}

export interface SimInfo {
  httpUrl: string;
  /** The simulator's Microsoft Graph root (`<httpUrl>/v1.0`). */
  graphUrl: string;
  httpsUrl: string;
  caCertPath: string;
  clientId: string;
  gatewayAppId: string;
  userTokenIssuer: string;
  jwksUrl: string;
  tenants: { id: string; name: string; region: string }[];
}

export interface SimProc extends Proc {
  info: SimInfo;
  /** GET/PUT/POST/DELETE on the simulator's control API (`/_sim/...`). */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  userToken(user: string, groups?: string[]): Promise<string>;
}

/** The standalone simulator (`src/simulator/main.ts`) on ephemeral ports, without background activity. */
export async function startSimulator(opts: {
  tenants: number;
  alertsPerTenant: number;
  machinesPerTenant?: number;
  seed?: number;
  /** Extra node arguments (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}): Promise<SimProc> {
  const { proc, stdout, stderr } = await spawnNode(
    "src/simulator/main.ts",
    {
      SIM_HTTP_PORT: "0",
      SIM_HTTPS_PORT: "0",
      SIM_TENANTS: String(opts.tenants),
      SIM_ALERTS_PER_TENANT: String(opts.alertsPerTenant),
      SIM_GENERATE_INTERVAL_MS: "0",
      SIM_SEED: String(opts.seed ?? 42),
      SIM_CERT_DIR: join(tmpdir(), "mssp-bench-certs"),
    },
    opts.nodeArgs,
  );
  const info = await firstJsonLine(
    stdout,
    (l) => (l.msg === "simulator listening" ? (l as unknown as SimInfo) : undefined),
    120_000,
    "simulator",
    stderr,
  );
  stdout.resume();
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${info.httpUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    ...proc,
    info,
    control,
    async userToken(user, groups = []) {
      const q = new URLSearchParams({ user, ...(groups.length ? { groups: groups.join(",") } : {}), expiresIn: "43200" });
      return (await control<{ access_token: string }>("GET", `/_sim/token?${q}`)).access_token;
    },
  };
}

export const BENCH_GROUP = "bench-analysts";

export interface GatewayProc extends Proc {
  url: string;
  gql<T = unknown>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: T; errors?: unknown[] } }>;
}

/** A gateway process in remote mode against `sim`; every member of BENCH_GROUP is TIER2 on every tenant. */
export async function startGateway(
  sim: SimProc,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  /**
   * How long to wait for /readyz (a shared-mode replica builds its read mirror first), ms. Generous: several
   * gateways start at once, and on a machine shared with other work starting one can take tens of seconds.
   */
  readyTimeoutMs = 180_000,
): Promise<GatewayProc> {
  const port = await freePort();
  const file = join(tmpdir(), `mssp-bench-tenants-${process.pid}-${port}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      tenants: sim.info.tenants.map((t) => ({ id: t.id, name: t.name, region: t.region })),
      seedGrants: [{ tenantId: "*", subject: { kind: "GROUP", id: BENCH_GROUP }, role: "TIER2_ANALYST" }],
    }),
  );
  const { proc, stdout, stderr } = await spawnNode(
    "src/main.ts",
    {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      DATA_FILE: "",
      UPSTREAM_MODE: "remote",
      GATEWAY_CONFIG_FILE: file,
      AUTHORITY_HOST: sim.info.httpsUrl,
      DEFENDER_API_URL: sim.info.httpUrl,
      GRAPH_API_URL: sim.info.graphUrl,
      UPSTREAM_CA_FILE: sim.info.caCertPath,
      UPSTREAM_CLIENT_ID: sim.info.clientId,
      UPSTREAM_CLIENT_SECRET: "simulator-secret",
      AUTH_ISSUER: sim.info.userTokenIssuer,
      AUTH_JWKS_URL: sim.info.jwksUrl,
      AUTH_AUDIENCE: sim.info.gatewayAppId,
      ...env,
    },
    // with the flags `npm start` uses (the code bundled once, see bundle.ts)
    [...GATEWAY_NODE_FLAGS, ...nodeArgs],
  );
  stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (proc.child.exitCode !== null || Date.now() > deadline) {
      // Not left running behind the error (the bench exits on it, and the process would outlive it).
      await proc.stop();
      throw new Error(`gateway did not start in ${readyTimeoutMs} ms: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ...proc,
    url,
    async gql<T>(token: string, query: string, variables?: Record<string, unknown>) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as { data?: T; errors?: unknown[] } };
    },
  };
}

/** Waits until every tenant has finished its backfill and the index holds `minAlerts`. */
export async function waitForBackfill(gw: GatewayProc, token: string, minAlerts: number, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gw.gql<{ tenants: { sync: { backfilled: boolean; indexedAlerts: number } }[] }>(
      token,
      "{ tenants { sync { backfilled indexedAlerts } } }",
    );
    const tenants = res.body.data?.tenants ?? [];
    const total = tenants.reduce((n, t) => n + t.sync.indexedAlerts, 0);
    if (tenants.length > 0 && tenants.every((t) => t.sync.backfilled) && total >= minAlerts) return total;
    if (Date.now() > deadline) throw new Error(`backfill incomplete: ${JSON.stringify(res.body).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Processes started at the same time (setup overlaps: a start is mostly waiting for module loading and a backfill).
 * When one fails, the others are stopped and the first failure is thrown.
 */
export async function startAll<T extends readonly Promise<{ stop(): Promise<void> }>[]>(
  starts: [...T],
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (!failed) return started as { -readonly [K in keyof T]: Awaited<T[K]> };
  await Promise.all(started.map((p) => p.stop().catch(() => undefined)));
  throw failed.reason;
}
