/**
 * Settings of the reference SIEM connector, all from environment variables (see the README's table).
 * Invalid settings are reported together and the process exits with code 2 before doing anything.
 */
export type OutputTarget = { kind: "stdout" } | { kind: "file"; path: string } | { kind: "syslog"; host: string; port: number };

export type TokenSettings =
  | { kind: "static"; token: string }
  | { kind: "clientCredentials"; tokenUrl: string; clientId: string; clientSecret: string; scope: string };

export interface ConnectorConfig {
  /** Base URL of the gateway; the feed is read from `${gatewayUrl}/graphql`. */
  gatewayUrl: string;
  token: TokenSettings;
  /** Where the checkpoint (cursor and output position) is kept; written atomically (temp file + rename). */
  checkpointFile: string;
  output: OutputTarget;
  /** Events per `alertEventsSince` page, 1–1000. */
  pageSize: number;
  /** Wait after a page without `hasNextPage` before polling again, ms. */
  pollIntervalMs: number;
  /** `AlertFilter` passed to the feed, or null for every event the caller may read. */
  filter: Record<string, unknown> | null;
  /** Longest wait between retries of a failed read, ms (a longer `Retry-After` is still honoured). */
  backoffMaxMs: number;
  /** Timeout of one feed request, ms. */
  requestTimeoutMs: number;
  /** Syslog facility (RFC 5424 numbering; 16 = local0). */
  syslogFacility: number;
  /** APP-NAME of the syslog header. */
  syslogAppName: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings: ${problems.join("; ")}`);
  }
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return n;
}

function parseOutput(raw: string, problems: string[]): OutputTarget {
  if (raw === "stdout") return { kind: "stdout" };
  if (raw.startsWith("file:")) {
    const path = raw.slice("file:".length);
    if (!path) problems.push("OUTPUT=file: needs a path, e.g. file:/var/lib/siem/alerts.ndjson");
    return { kind: "file", path };
  }
  if (raw.startsWith("syslog+tcp://")) {
    try {
      const url = new URL(raw.replace(/^syslog\+tcp:/, "tcp:"));
      const port = Number(url.port || 6514);
      if (!url.hostname) throw new Error("no host");
      return { kind: "syslog", host: url.hostname.replace(/^\[|\]$/g, ""), port };
    } catch {
      problems.push(`OUTPUT="${raw}" is not syslog+tcp://host:port`);
      return { kind: "stdout" };
    }
  }
  problems.push(`OUTPUT must be stdout, file:<path> or syslog+tcp://host:port, got "${raw}"`);
  return { kind: "stdout" };
}

/** Reads and validates the settings; throws `ConfigError` listing every problem. */
export function loadConnectorConfig(env: NodeJS.ProcessEnv): ConnectorConfig {
  const problems: string[] = [];
  const gatewayUrl = (env["GATEWAY_URL"]?.trim() || "http://127.0.0.1:4000").replace(/\/+$/, "");
  if (!/^https?:\/\//.test(gatewayUrl)) problems.push(`GATEWAY_URL must be an http(s) URL, got "${gatewayUrl}"`);

  let token: TokenSettings = { kind: "static", token: "" };
  const staticToken = env["GATEWAY_TOKEN"]?.trim();
  const tokenUrl = env["OAUTH_TOKEN_URL"]?.trim();
  if (tokenUrl) {
    const clientId = env["OAUTH_CLIENT_ID"]?.trim() ?? "";
    const clientSecret = env["OAUTH_CLIENT_SECRET"] ?? "";
    if (!clientId || !clientSecret) problems.push("OAUTH_TOKEN_URL needs OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET");
    token = {
      kind: "clientCredentials",
      tokenUrl,
      clientId,
      clientSecret,
      scope: env["OAUTH_SCOPE"]?.trim() || "api://mssp-alert-gateway/.default",
    };
  } else if (staticToken) {
    token = { kind: "static", token: staticToken };
  } else {
    problems.push(
      "set OAUTH_TOKEN_URL + OAUTH_CLIENT_ID + OAUTH_CLIENT_SECRET (app-only token, renewed) or GATEWAY_TOKEN (a fixed bearer token)",
    );
  }

  let filter: Record<string, unknown> | null = null;
  const rawFilter = env["FILTER"]?.trim();
  if (rawFilter) {
    try {
      const parsed: unknown = JSON.parse(rawFilter);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      filter = parsed as Record<string, unknown>;
    } catch (e) {
      problems.push(`FILTER must be a JSON AlertFilter object: ${(e as Error).message}`);
    }
  }

  const config: ConnectorConfig = {
    gatewayUrl,
    token,
    checkpointFile: env["CHECKPOINT_FILE"]?.trim() || "siem-connector.checkpoint.json",
    output: parseOutput(env["OUTPUT"]?.trim() || "stdout", problems),
    pageSize: intSetting(env, "PAGE_SIZE", 500, 1, 1000, problems),
    pollIntervalMs: intSetting(env, "POLL_INTERVAL_MS", 5000, 10, 3_600_000, problems),
    filter,
    backoffMaxMs: intSetting(env, "BACKOFF_MAX_MS", 60_000, 100, 3_600_000, problems),
    requestTimeoutMs: intSetting(env, "REQUEST_TIMEOUT_MS", 30_000, 100, 600_000, problems),
    syslogFacility: intSetting(env, "SYSLOG_FACILITY", 16, 0, 23, problems),
    syslogAppName: env["SYSLOG_APP_NAME"]?.trim() || "mssp-siem-connector",
  };
  if (!/^[\x21-\x7e]{1,48}$/.test(config.syslogAppName))
    problems.push("SYSLOG_APP_NAME must be 1–48 printable ASCII characters without spaces");
  if (problems.length) throw new ConfigError(problems);
  return config;
}
