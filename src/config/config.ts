import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";
import { ROLE_NAMES, SUBJECT_KINDS } from "../auth/access.vocabulary.js";

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
  /**
   * Shared mode: `on` answers alert and incident reads from a per-replica read mirror (built from Redis at start, fed
   * by the event logs); `off` reads every page from Redis. Embedded mode ignores it.
   */
  READ_MIRROR: z.enum(["on", "off"]).default("on"),
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
  /**
   * Longest one GraphQL request waits for on-demand upstream calls (machines), ms from its start. Past
   * it, the fields of tenants still waiting are null with `UPSTREAM_UNAVAILABLE` (+ `tenantId`) and the
   * rest of the answer goes out. 0 = wait for the upstream client's own timeouts and retries.
   */
  UPSTREAM_REQUEST_DEADLINE_MS: int(0).default(3_000),
  RESPONSE_CACHE_TTL_MS: int(0).default(5_000),
  /** Executor of HTTP queries and mutations and renderer of live events: graphql-jit compiled functions, or the graphql-js interpreter. */
  EXECUTION_ENGINE: z.enum(["jit", "graphql-js"]).default("jit"),
  /** Compiled queries kept by the jit engine (least recently used dropped first); 0 = compile every request. */
  EXECUTION_CACHE_MAX_ENTRIES: int(0, 100_000).default(500),
  /**
   * `on`: a POST or GET of a known query by an API client (no `Origin`) or a page on a `CORS_ORIGINS` origin is
   * answered without express's middleware and Apollo's request pipeline, with the same limits, errors and logs (see
   * `createQueryFastPath`); off while tracing is on. `off`: every request takes the full path.
   */
  HTTP_FAST_PATH: z.enum(["on", "off"]).default("on"),

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
  /** Events written to one SSE or multipart stream and not yet flushed before it ends with SLOW_CONSUMER (it resumes from its cursor). */
  SUBSCRIPTION_MAX_PENDING_EVENTS: int(1).default(1_000),
  /** Bytes buffered for one SSE or multipart stream before it ends with a final SLOW_CONSUMER error (it resumes from its cursor). */
  SSE_MAX_BUFFERED_BYTES: int(65_536).default(16_777_216),
  /** Keep-alive period of SSE streams (comment lines) and multipart streams (empty parts); 0 = none. */
  SSE_KEEPALIVE_MS: int(0).default(12_000),
  /**
   * Unflushed bytes of all live connections (WebSocket, SSE, multipart) of the process. Past it, a connection
   * that is behind is shed: 1013 on WebSocket, a final SLOW_CONSUMER error on streams. Default 64 MiB.
   */
  LIVE_MAX_BUFFERED_BYTES: int(1_048_576).default(67_108_864),
  /** Subscribers replaying from an `after` cursor at once in the process; more wait for a slot (nothing is lost). */
  LIVE_MAX_CONCURRENT_REPLAYS: int(1).default(16),
  /** Subscribers of one caller replaying at once; more wait for a slot, so one caller cannot take every slot. */
  LIVE_MAX_REPLAYS_PER_CALLER: int(1).default(4),

  /** Largest JSON request body on /graphql and /graphql/stream, bytes (bigger → 413). */
  HTTP_BODY_LIMIT_BYTES: int(1_024, 10_000_000).default(100_000),
  /** Time a client has to send a request's headers, ms; then 408 and the connection closes (slow-loris guard). */
  HTTP_HEADERS_TIMEOUT_MS: int(500).default(5_000),
  /** Time a client has to send a whole request (headers and body), ms; then 408 and the connection closes. Not a limit on responses or streams. */
  HTTP_BODY_TIMEOUT_MS: int(500).default(10_000),
  /** Concurrent TCP connections per process (HTTP, WebSocket, SSE together); more are dropped at accept. 0 = no cap. */
  HTTP_MAX_CONNECTIONS: int(0).default(10_000),
  /**
   * Requests per client address per minute that may fail authentication (no, malformed or invalid
   * bearer; HTTP, or a WebSocket `connection_init`) before that address gets 429 RATE_LIMITED, with `Retry-After`,
   * without any token check (a WebSocket upgrade: HTTP 429).
   * Counted per process, before anything costly. 0 = off.
   */
  AUTH_REFUSALS_PER_IP_PER_MIN: int(0).default(600),
  /** Query limits (HTTP, WebSocket and SSE alike; graphql-armor defaults). Violations → QUERY_TOO_COMPLEX, HTTP 400. */
  LIMIT_MAX_DEPTH: int(1, 100).default(8),
  LIMIT_MAX_ALIASES: int(0, 1_000).default(15),
  LIMIT_MAX_DIRECTIVES: int(0, 1_000).default(50),
  LIMIT_MAX_TOKENS: int(50, 100_000).default(1_000),
  LIMIT_MAX_COST: int(1).default(5_000),
  LIMIT_MAX_ROOT_FIELDS: int(1, 1_000).default(10),
  /** Most levels of nested objects/arrays in an operation's `variables` (HTTP, WebSocket, SSE); deeper → 400 BAD_REQUEST. */
  LIMIT_MAX_VARIABLES_DEPTH: int(1, 1_000).default(32),
  /** Requests per caller per RATE_LIMIT_WINDOW_S over HTTP (all replicas together with REDIS_URL); 0 = off. Over → 429 RATE_LIMITED. */
  RATE_LIMIT_PER_CALLER: int(0).default(600),
  RATE_LIMIT_WINDOW_S: int(1, 86_400).default(60),
  /** When set, GET /metrics requires `Authorization: Bearer <this>`. */
  METRICS_BEARER_TOKEN: optionalString,
  /**
   * Embedded demo only: serve `/dev/token` and pre-fill GraphiQL with a token (both make anyone who
   * reaches them an admin). Unset: only when HOST is loopback and NODE_ENV is not production.
   */
  DEMO_TOKENS: bool.optional(),
  /**
   * Browser origins (comma-separated, e.g. `https://soc.example.com,http://localhost:5173`) allowed to call
   * /graphql cross-origin (CORS, credentials off). Default empty: same origin only, no CORS headers.
   */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim().replace(/\/+$/, ""))
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^https?:\/\/[^/\s]+$/, "expected origins like https://app.example.com (scheme, host, optional port; no path)"),
      ),
    ),
  /** How long a browser may reuse a CORS preflight answer (`Access-Control-Max-Age`), seconds. Chromium caps it at 7,200. */
  CORS_MAX_AGE_S: int(0, 86_400).default(600),
  /** Smallest response body that is compressed (gzip/br, negotiated via Accept-Encoding), bytes; event streams never are. */
  COMPRESSION_MIN_BYTES: int(0).default(1_024),
  /**
   * OpenTelemetry tracing exporter: `none` (default: tracing off), `otlp` (OTLP/HTTP JSON to
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`) or `console`. When unset but an
   * OTLP endpoint is set, `otlp`.
   */
  OTEL_TRACES_EXPORTER: z.enum(["none", "otlp", "console"]).optional(),
  /** OTLP base URL, e.g. `http://collector:4318` (traces go to `/v1/traces` under it). */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  /** Full OTLP traces URL; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString,
  /** `service.name` of every span. */
  OTEL_SERVICE_NAME: z.string().default("mssp-alert-gateway"),
  /** Turns tracing off whatever else is set (OpenTelemetry's standard kill switch). */
  OTEL_SDK_DISABLED: bool.default(false),
  /** Share of new traces kept (parent-based: a client's sampled `traceparent` is always followed), 0..1. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),

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
  /** `sendTestNotification` calls one caller may make per hour, per process (over → RATE_LIMITED with retryAfterSeconds); 0 = unlimited. */
  NOTIFY_TEST_SENDS_PER_CALLER_PER_HOUR: int(0).default(20),
  /** `sendTestNotification` calls per rule per hour, all callers together, per process; 0 = unlimited. */
  NOTIFY_TEST_SENDS_PER_RULE_PER_HOUR: int(0).default(5),
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
