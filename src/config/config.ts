import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

/**
 * Every setting of the gateway: one zod schema, read once at start from the environment (plus the
 * optional env file named by `ENV_FILE` / `--env-file`, and the optional JSON file named by
 * `GATEWAY_CONFIG_FILE`). This is the only module that reads `process.env`. All problems are reported
 * together; every key has a default that works embedded.
 *
 * The schema is a union discriminated by `UPSTREAM_MODE`: settings shared by both modes, plus the
 * simulator's (`SIM_*`) in `embedded` mode, or the identity and upstream endpoints and credentials in
 * `remote` mode, where they are required. A setting of the other mode is ignored (with a warning).
 */

const bool = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "yes", "no"])])
  .transform((v) => v === true || v === "true" || v === "1" || v === "yes");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

export const ROLE_NAMES = ["TIER1_ANALYST", "TIER2_ANALYST", "APPROVER"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const SUBJECT_KINDS = ["USER", "GROUP", "APP"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

const tenantSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Geo host prefix of the Defender API (`us`, `eu`, `uk`, `au`, `swa`, `ina`) or empty for the global host. */
  region: z.string().default(""),
  /** Overrides the Defender API base URL for this tenant (e.g. a GCC host). */
  apiBaseUrl: z.string().url().optional(),
  /** Which API this tenant is synced from; overrides UPSTREAM_API (`defender` retires on 2027-02-01). */
  upstreamApi: z.enum(["graph", "defender"]).optional(),
});
export type TenantConfig = z.infer<typeof tenantSchema>;

const seedGrantSchema = z.object({
  /** Tenant id, or `*` for every configured tenant. */
  tenantId: z.string().min(1),
  subject: z.object({ kind: z.enum(SUBJECT_KINDS), id: z.string().min(1), displayName: z.string().optional() }),
  role: z.enum(ROLE_NAMES),
});
export type SeedGrant = z.infer<typeof seedGrantSchema>;

/** Shape of the optional JSON config file (`GATEWAY_CONFIG_FILE`). */
const fileSchema = z
  .object({
    tenants: z.array(tenantSchema).optional(),
    seedGrants: z.array(seedGrantSchema).optional(),
  })
  .strict();

/** `redis://` or `rediss://` URL; a scheme-less `host:port` is refused (it would parse as a bogus scheme). */
const redisUrl = optionalString.refine((v) => v === undefined || /^rediss?:\/\/[^/\s]+/i.test(v), {
  message: "expected a URL like redis://host:6379 (or rediss:// for TLS)",
});
const REMOTE_REQUIRED = "required when UPSTREAM_MODE=remote";
const requiredString = z.string({ error: REMOTE_REQUIRED }).trim().min(1, REMOTE_REQUIRED);

/** Settings of both modes. */
const commonSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: int(0, 65535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `pretty` (pino-pretty, readable times), `json`, or `auto`: pretty when NODE_ENV is not production and stdout is a terminal. */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  /** A dotenv-style file of settings (`KEY=value` lines); the environment wins over it. Also `--env-file <path>`. */
  ENV_FILE: optionalString,
  GATEWAY_CONFIG_FILE: optionalString,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: z.string().default("gw:"),
  REDIS_CLUSTER: bool.default(false),
  /**
   * Bound on every Redis command of the store, budgets and rate limiter, ms. While Redis does not answer,
   * requests that need it fail within this with SERVICE_UNAVAILABLE (HTTP 503) instead of waiting.
   */
  REDIS_COMMAND_TIMEOUT_MS: int(50, 60_000).default(1_000),
  /** How long startup waits for Redis before it fails with the URL and the reason (e.g. ECONNREFUSED), ms. */
  REDIS_CONNECT_TIMEOUT_MS: int(100, 600_000).default(10_000),
  DATA_FILE: z.string().default("data/gateway-state.json"),
  /** On SIGTERM/SIGINT: how long draining (requests, sockets, leases, notification position, store) may take before the process exits 1, ms. */
  SHUTDOWN_TIMEOUT_MS: int(100, 600_000).default(10_000),

  UPSTREAM_TIMEOUT_MS: int(100).default(8_000),
  UPSTREAM_MAX_ATTEMPTS: int(1, 10).default(3),
  UPSTREAM_MAX_RETRY_WAIT_MS: int(0).default(10_000),
  UPSTREAM_BUDGET_PER_MINUTE: int(1).default(90),
  UPSTREAM_BUDGET_PER_HOUR: int(1).default(1_400),
  UPSTREAM_BREAKER_FAILURES: int(1).default(5),
  UPSTREAM_BREAKER_RESET_MS: int(100).default(30_000),
  /** Default upstream of every tenant: `graph` (Microsoft Graph security API) or `defender` (legacy MDE API, off after 2027-02-01). */
  UPSTREAM_API: z.enum(["graph", "defender"]).default("graph"),
  /** Graph version root (national clouds, the simulator), e.g. `https://graph.microsoft.us/v1.0`. */
  GRAPH_API_URL: z.string().url().default("https://graph.microsoft.com/v1.0"),
  /** Graph calls per sliding minute per tenant (Graph allows 150 on `/security`); separate from the legacy budget. */
  UPSTREAM_GRAPH_BUDGET_PER_MINUTE: int(1).default(130),
  MACHINE_CACHE_TTL_MS: int(0).default(300_000),
  RESPONSE_CACHE_TTL_MS: int(0).default(5_000),

  AUTH_ADMIN_ROLE: z.string().default("Gateway.Admin"),
  AUTH_CLOCK_TOLERANCE_S: int(0, 600).default(60),

  SYNC_POLL_INTERVAL_MS: int(100).default(5_000),
  SYNC_BACKFILL_HOURS: int(1).default(24 * 30),
  SYNC_OVERLAP_MS: int(0).default(60_000),
  SYNC_PAGE_SIZE: int(1, 10_000).default(10_000),
  SYNC_LEASE_MS: int(1_000).default(15_000),

  EVENT_LOG_MAX_LEN: int(100).default(100_000),
  EVENT_LOG_MAX_AGE_HOURS: int(1).default(24),

  /** graphql-ws: time to send `connection_init` before the socket is closed with 4408. */
  WS_INIT_TIMEOUT_MS: int(100, 60_000).default(3_000),
  /** graphql-ws: server ping period; a client missing a pong by the next ping is dropped (0 = off). */
  WS_KEEPALIVE_MS: int(0).default(12_000),
  /** Largest incoming WebSocket message (bigger closes the socket with 1009). */
  WS_MAX_MESSAGE_BYTES: int(1_024).default(100_000),
  /** Unsent bytes queued for one socket before it is closed with 1013 (slow consumer; it resumes from its cursor). */
  WS_MAX_BUFFERED_BYTES: int(65_536).default(16_777_216),
  /** How long a subscriber's access scope is reused across events; revocations apply within this + the grant cache. */
  SUBSCRIPTION_SCOPE_TTL_MS: int(0, 2_000).default(1_000),
  /** Events per event-log read while a subscriber replays from its `after` cursor. */
  SUBSCRIPTION_REPLAY_PAGE_SIZE: int(1, 10_000).default(500),
  /** Events waiting for one slow SSE/graphql-js subscriber before its subscription fails (it resumes from its cursor). */
  SUBSCRIPTION_MAX_PENDING_EVENTS: int(1).default(1_000),

  /** Largest JSON request body on /graphql and /graphql/stream, bytes (bigger → 413). */
  HTTP_BODY_LIMIT_BYTES: int(1_024, 10_000_000).default(100_000),
  /** Query limits (HTTP, WebSocket and SSE alike; graphql-armor defaults). Violations → QUERY_TOO_COMPLEX, HTTP 400. */
  LIMIT_MAX_DEPTH: int(1, 100).default(6),
  LIMIT_MAX_ALIASES: int(0, 1_000).default(15),
  LIMIT_MAX_DIRECTIVES: int(0, 1_000).default(50),
  LIMIT_MAX_TOKENS: int(50, 100_000).default(1_000),
  LIMIT_MAX_COST: int(1).default(5_000),
  LIMIT_MAX_ROOT_FIELDS: int(1, 1_000).default(10),
  /** Requests per caller per RATE_LIMIT_WINDOW_S over HTTP (all replicas together with REDIS_URL); 0 = off. Over → 429 RATE_LIMITED. */
  RATE_LIMIT_PER_CALLER: int(0).default(600),
  RATE_LIMIT_WINDOW_S: int(1, 86_400).default(60),
  /** When set, GET /metrics requires `Authorization: Bearer <this>`. */
  METRICS_BEARER_TOKEN: optionalString,

  GRANT_DEFAULT_TTL_DAYS: int(1).default(365),

  SMTP_HOST: optionalString,
  SMTP_PORT: int(1, 65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_FROM: z.string().default("MSSP Alert Gateway <alerts@mssp.example>"),
  MSSP_NAME: z.string().default("MSSP"),
  /** Upgrade to TLS with STARTTLS or fail (when SMTP_SECURE=false). */
  SMTP_REQUIRE_TLS: bool.default(false),
  /** SMTP connection, greeting and socket timeout. */
  SMTP_TIMEOUT_MS: int(100).default(10_000),
  /** Attempts per notification delivery (first included); then it is recorded FAILED. */
  NOTIFY_MAX_ATTEMPTS: int(1, 20).default(5),
  /** First retry delay; doubles per attempt (with jitter) up to NOTIFY_RETRY_MAX_MS. */
  NOTIFY_RETRY_BASE_MS: int(1).default(2_000),
  NOTIFY_RETRY_MAX_MS: int(1).default(300_000),
  /** Webhook request timeout. */
  NOTIFY_WEBHOOK_TIMEOUT_MS: int(100).default(5_000),
  /** Allow webhooks to loopback/private/link-local addresses (tests, embedded demos, on-premises receivers). */
  NOTIFY_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** How long exactly-once claims per (rule, alert, recipient) live; keep above EVENT_LOG_MAX_AGE_HOURS. */
  NOTIFY_DEDUPE_TTL_HOURS: int(1).default(72),
  /** Finished deliveries kept per rule in the delivery log. */
  NOTIFY_LOG_MAX_PER_RULE: int(10).default(500),
  /** Age up to which the delivery worker reuses its copy of the rules; rule changes apply to new alerts within this. */
  NOTIFY_RULE_CACHE_MS: int(0, 60_000).default(2_000),
  /** How often each replica looks for retries orphaned by a stopped replica (0 = never). */
  NOTIFY_SWEEP_INTERVAL_MS: int(0).default(10_000),
  /** How long past its due time a retry stays owned by its replica before another one may resume it. */
  NOTIFY_LEASE_MS: int(1_000).default(60_000),
});

/** Embedded default: the built-in simulator is the identity provider and the upstream. */
const embeddedSchema = commonSchema.extend({
  UPSTREAM_MODE: z.literal("embedded").default("embedded"),
  SIM_SEED: int(0).default(42),
  SIM_TENANTS: int(1, 500).default(3),
  SIM_ALERTS_PER_TENANT: int(0).default(40),
  SIM_GENERATE_INTERVAL_MS: int(0).default(15_000),
  SIM_HTTP_PORT: int(0, 65535).default(0),
  SIM_HTTPS_PORT: int(0, 65535).default(0),
});

/** Remote: real Entra and Defender (or a standalone simulator); tenants come from GATEWAY_CONFIG_FILE. */
const remoteSchema = commonSchema.extend({
  UPSTREAM_MODE: z.literal("remote"),
  /** Entra authority the upstream client gets its tokens from, e.g. https://login.microsoftonline.com. */
  AUTHORITY_HOST: requiredString,
  /** One Defender API base URL for every tenant (a standalone simulator); default: each tenant's geo host. */
  DEFENDER_API_URL: optionalString,
  /** PEM file of a CA to trust for the authority (a simulator's self-signed CA). */
  UPSTREAM_CA_FILE: optionalString,
  UPSTREAM_CLIENT_ID: requiredString,
  /** One of UPSTREAM_CLIENT_SECRET and UPSTREAM_CERTIFICATE_PATH is required. */
  UPSTREAM_CLIENT_SECRET: optionalString,
  UPSTREAM_CERTIFICATE_PATH: optionalString,
  /** Issuer, JWKS and audience of the callers' tokens (Entra ID). */
  AUTH_ISSUER: requiredString,
  AUTH_JWKS_URL: requiredString,
  AUTH_AUDIENCE: requiredString,
});

const envSchema = z.discriminatedUnion("UPSTREAM_MODE", [embeddedSchema, remoteSchema]);

export type EmbeddedEnv = z.infer<typeof embeddedSchema>;
export type RemoteEnv = z.infer<typeof remoteSchema>;
/** Every setting; narrow on `UPSTREAM_MODE` for the mode's own ones. */
export type Env = EmbeddedEnv | RemoteEnv;

interface ConfigBase {
  tenants: TenantConfig[];
  seedGrants: SeedGrant[];
  /** Shared mode: REDIS_URL is set (index, log, store, leases, budgets in Redis). */
  shared: boolean;
  /** Settings given but ignored (e.g. a SIM_* setting in remote mode), one line each, for the startup log. */
  warnings: string[];
}
/** Embedded default: in-process simulator; memory store unless REDIS_URL is set. */
export interface EmbeddedConfig extends ConfigBase {
  mode: "embedded";
  embedded: true;
  env: EmbeddedEnv;
}
/** Real (or standalone simulated) Entra and Defender endpoints. */
export interface RemoteConfig extends ConfigBase {
  mode: "remote";
  embedded: false;
  env: RemoteEnv;
}
export type Config = EmbeddedConfig | RemoteConfig;

const EMBEDDED_ONLY = Object.keys(embeddedSchema.shape).filter((k) => !(k in commonSchema.shape) && k !== "UPSTREAM_MODE");
const REMOTE_ONLY = Object.keys(remoteSchema.shape).filter((k) => !(k in commonSchema.shape) && k !== "UPSTREAM_MODE");

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses all settings; throws a ConfigError listing every problem at once. With `ENV_FILE`, the file's
 * `KEY=value` lines are read first and `source` overrides them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  let source: NodeJS.ProcessEnv = env;
  const envFile = env.ENV_FILE?.trim();
  if (envFile) {
    try {
      source = { ...parseEnv(readFileSync(envFile, "utf8")), ...env };
    } catch (e) {
      problems.push(`ENV_FILE: cannot read ${envFile}: ${(e as Error).message}`);
    }
  }
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  let file: z.infer<typeof fileSchema> = {};
  const filePath = source.GATEWAY_CONFIG_FILE?.trim();
  if (filePath) {
    try {
      const raw = JSON.parse(readFileSync(filePath, "utf8")) as unknown;
      const res = fileSchema.safeParse(raw);
      if (res.success) file = res.data;
      else for (const issue of res.error.issues) problems.push(`${filePath}: ${issue.path.join(".")}: ${issue.message}`);
    } catch (e) {
      problems.push(`GATEWAY_CONFIG_FILE: cannot read ${filePath}: ${(e as Error).message}`);
    }
  }
  if (parsed.success && parsed.data.UPSTREAM_MODE === "remote") {
    const remote = parsed.data;
    if (!remote.UPSTREAM_CLIENT_SECRET && !remote.UPSTREAM_CERTIFICATE_PATH)
      problems.push(`UPSTREAM_CLIENT_SECRET or UPSTREAM_CERTIFICATE_PATH: one is ${REMOTE_REQUIRED}`);
    if (!file.tenants?.length) problems.push(`GATEWAY_CONFIG_FILE: tenants are ${REMOTE_REQUIRED}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const base = { tenants: file.tenants ?? [], seedGrants: file.seedGrants ?? [], shared: parsed.data.REDIS_URL !== undefined };
  const given = (keys: string[]) => keys.filter((k) => (source[k] ?? "").trim() !== "");
  if (parsed.data.UPSTREAM_MODE === "remote") {
    const warnings = given(EMBEDDED_ONLY).map((k) => `${k} is ignored: it only applies when UPSTREAM_MODE=embedded`);
    return { ...base, mode: "remote", embedded: false, env: parsed.data, warnings };
  }
  const warnings = given(REMOTE_ONLY).map((k) => `${k} is ignored: it only applies when UPSTREAM_MODE=remote`);
  return { ...base, mode: "embedded", embedded: true, env: parsed.data, warnings };
}
