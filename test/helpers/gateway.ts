import type { UntypedData } from "./operations.js";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { DocumentNode } from "graphql";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { demoUserId, type Simulator } from "../../src/simulator/index.js";
import { postGraphQL, queryText, type GqlAs, type GqlResult } from "./operations.js";
import { GATEWAY_NODE_FLAGS } from "../../src/node-flags.js";

/** Settings every test gateway starts from: ephemeral ports, no persistence, quiet, no background generator. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: "test",
  HOST: "127.0.0.1",
  PORT: "0",
  LOG_LEVEL: "silent",
  DATA_FILE: "",
  SIM_GENERATE_INTERVAL_MS: "0",
  SIM_ALERTS_PER_TENANT: "20",
  SYNC_POLL_INTERVAL_MS: "200",
};

export interface TestGateway {
  url: string;
  app: App;
  /** A user token minted by the embedded simulator (same JWT path as production). */
  token(user: string, opts?: { groups?: string[]; roles?: string[]; expiresInSec?: number; groupOverage?: boolean }): Promise<string>;
  /**
   * POSTs a GraphQL operation as `opts.user` (default alice) or with `opts.token` (`null`: no Authorization header).
   * A codegen typed document (test/generated/graphql.ts) types the variables and the result's data; text gives `unknown` data.
   */
  gql<R, V>(document: TypedDocumentNode<R, V>, variables?: V, opts?: GqlAs): Promise<GqlResult<R>>;
  gql(query: string, variables?: Record<string, unknown>, opts?: GqlAs): Promise<GqlResult<UntypedData>>;
  /** Waits until every tenant has completed its first sync. */
  synced(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a gateway in this process (embedded simulator unless env says otherwise). */
export async function startGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const app = await createApp(loadConfig({ ...TEST_ENV, ...env }));
  const tokens = new Map<string, string>();
  const token: TestGateway["token"] = async (user, opts = {}) => {
    if (!app.simulator) throw new Error("token() needs the embedded simulator");
    return app.simulator.mintUserToken({ user, ...opts });
  };
  return {
    url: app.url,
    app,
    token,
    async gql(query: string | DocumentNode, variables?: unknown, opts: GqlAs = {}): Promise<GqlResult> {
      let t = opts.token;
      if (t === undefined) {
        const user = opts.user ?? "alice";
        t = tokens.get(user) ?? (await token(user));
        tokens.set(user, t);
      }
      return postGraphQL(app.url, queryText(query), variables as Record<string, unknown> | undefined, t);
    },
    async synced() {
      await Promise.all(app.registry.ids().map((id) => app.sync.syncNow(id)));
    },
    close: () => app.close(),
  };
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
  /** JSON log lines seen so far. */
  logs: Record<string, unknown>[];
  /** Everything the process wrote to stderr so far (crash reports land here). */
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Starts `node <GATEWAY_NODE_FLAGS> --import tsx src/main.ts` (as `npm start` does) as a real process and waits for its "gateway listening" log line. */
export async function startGatewayProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  nodeArgs: string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, "--import", "tsx", ...nodeArgs, "src/main.ts"], {
    cwd: new URL("../../", import.meta.url).pathname,
    env: { ...process.env, ...TEST_ENV, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // a gateway that starts after the test gave up would live on, orphaned
      reject(new Error(`gateway did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === "gateway listening" && typeof entry.url === "string") {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        /* non-JSON output */
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code}) before listening: ${stderr}`));
    });
  });
  return {
    url,
    child,
    exited,
    logs,
    stderr: () => stderr,
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A seed grant of the remote-mode config file. */
export interface SeedGrant {
  tenantId: string;
  subject: { kind: "USER" | "GROUP" | "APP"; id: string };
  role: string;
}

/** The seed grant giving the simulator's demo user `user` the `role` on `tenantId` (default every tenant, "*"). */
export const userGrant = (user: string, role: string, tenantId = "*"): SeedGrant => ({
  tenantId,
  subject: { kind: "USER", id: demoUserId(user) },
  role,
});

/**
 * Settings that point a gateway (in remote mode) at a standalone simulator, exactly as an operator would
 * point it at Entra and Defender: writes the tenants file (with `seedGrants`) and the simulator's CA to
 * temporary files and returns the environment.
 */
export function remoteEnvFor(
  sim: Simulator,
  seedGrants: SeedGrant[],
  /** Extra tenants-file fields per tenant (e.g. `upstreamApi`). */
  tenantExtra: (tenantId: string) => Record<string, unknown> = () => ({}),
): Record<string, string> {
  const base = join(tmpdir(), `gw-remote-${process.pid}-${randomUUID().slice(0, 8)}`);
  writeFileSync(`${base}-ca.pem`, sim.caCertPem!);
  writeFileSync(
    `${base}-tenants.json`,
    JSON.stringify({ tenants: sim.tenants.map((t) => ({ id: t.id, name: t.name, region: t.region, ...tenantExtra(t.id) })), seedGrants }),
  );
  return {
    UPSTREAM_MODE: "remote",
    GATEWAY_CONFIG_FILE: `${base}-tenants.json`,
    AUTHORITY_HOST: sim.httpsUrl!,
    DEFENDER_API_URL: sim.httpUrl!,
    GRAPH_API_URL: sim.graphUrl,
    UPSTREAM_CA_FILE: `${base}-ca.pem`,
    UPSTREAM_CLIENT_ID: sim.clientId,
    UPSTREAM_CLIENT_SECRET: sim.clientSecret,
    AUTH_ISSUER: sim.userTokenIssuer,
    AUTH_JWKS_URL: sim.jwksUrl,
    AUTH_AUDIENCE: sim.gatewayAppId,
  };
}
