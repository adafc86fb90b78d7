import { readFileSync } from "node:fs";
import { z } from "zod";
import { ROLE_NAMES, SUBJECT_KINDS } from "../auth/access.vocabulary.js";

/**
 * Every setting of the gateway: one zod schema, read once at start from the environment (and the
 * optional JSON file named by `GATEWAY_CONFIG_FILE`). This is the only module that reads `process.env`.
 * All problems are reported together; every key has a default that works embedded.
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

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: int(0, 65535).default(4000),
  PUBLIC_URL: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GATEWAY_CONFIG_FILE: optionalString,
  REDIS_URL: optionalString,
  REDIS_KEY_PREFIX: z.string().default("gw:"),
  REDIS_CLUSTER: bool.default(false),
  DATA_FILE: z.string().default("data/gateway-state.json"),

  UPSTREAM_MODE: z.enum(["embedded", "remote"]).default("embedded"),
  AUTHORITY_HOST: optionalString,
  DEFENDER_API_URL: optionalString,
  UPSTREAM_CA_FILE: optionalString,
  UPSTREAM_CLIENT_ID: optionalString,
  UPSTREAM_CLIENT_SECRET: optionalString,
  UPSTREAM_CERTIFICATE_PATH: optionalString,
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

  AUTH_ISSUER: optionalString,
  AUTH_JWKS_URL: optionalString,
  AUTH_AUDIENCE: optionalString,
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
   * bearer) before that address gets 429 RATE_LIMITED, with `Retry-After`, without any token check.
   * Counted per process, before anything costly. 0 = off.
   */
  AUTH_REFUSALS_PER_IP_PER_MIN: int(0).default(600),
  /** Query limits (HTTP, WebSocket and SSE alike; graphql-armor defaults). Violations → QUERY_TOO_COMPLEX, HTTP 400. */
  LIMIT_MAX_DEPTH: int(1, 100).default(6),
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
    .transform((v) => v.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "expected origins like https://app.example.com (scheme, host, optional port; no path)"))),
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

  SIM_SEED: int(0).default(42),
  SIM_TENANTS: int(1, 500).default(3),
  SIM_ALERTS_PER_TENANT: int(0).default(40),
  SIM_GENERATE_INTERVAL_MS: int(0).default(15_000),
  SIM_HTTP_PORT: int(0, 65535).default(0),
  SIM_HTTPS_PORT: int(0, 65535).default(0),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env;
  tenants: TenantConfig[];
  seedGrants: SeedGrant[];
  /** Embedded default: in-process simulator, in-memory store. */
  embedded: boolean;
  shared: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** Parses all settings; throws a ConfigError listing every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
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
  if (parsed.success) {
    const env = parsed.data;
    if (env.UPSTREAM_MODE === "remote") {
      for (const key of ["AUTHORITY_HOST", "UPSTREAM_CLIENT_ID", "AUTH_ISSUER", "AUTH_JWKS_URL", "AUTH_AUDIENCE"] as const) {
        if (!env[key]) problems.push(`${key}: required when UPSTREAM_MODE=remote`);
      }
      if (!env.UPSTREAM_CLIENT_SECRET && !env.UPSTREAM_CERTIFICATE_PATH)
        problems.push("UPSTREAM_CLIENT_SECRET or UPSTREAM_CERTIFICATE_PATH: one is required when UPSTREAM_MODE=remote");
      if (!file.tenants?.length) problems.push("GATEWAY_CONFIG_FILE: tenants are required when UPSTREAM_MODE=remote");
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    env,
    tenants: file.tenants ?? [],
    seedGrants: file.seedGrants ?? [],
    embedded: env.UPSTREAM_MODE === "embedded",
    shared: env.REDIS_URL !== undefined,
  };
}
