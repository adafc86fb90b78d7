import type { TokenSettings } from "./connector.config.js";

export interface TokenSource {
  /** A bearer token; renewed (client credentials) shortly before it expires or after `invalidate()`. */
  get(): Promise<string>;
  /** The gateway refused the token (401): forget it. Returns false when a new one cannot be had. */
  invalidate(): boolean;
}

/** Tokens from OAuth 2.0 client credentials (Entra ID or the simulator) or one fixed token. */
export function createTokenSource(settings: TokenSettings, timeoutMs: number): TokenSource {
  if (settings.kind === "static") return { get: () => Promise.resolve(settings.token), invalidate: () => false };

  let cached: { token: string; renewAt: number } | null = null;
  return {
    async get() {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      const res = await fetch(settings.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          scope: settings.scope,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as {
        access_token?: string;
        expires_in?: number;
        error?: string;
        error_description?: string;
      };
      if (!res.ok || !body.access_token) {
        throw new TokenError(
          `token endpoint answered ${res.status}: ${body.error ?? ""} ${body.error_description?.split("\n")[0] ?? ""}`.trim(),
          res.status >= 500 || res.status === 429,
        );
      }
      // Renew a minute early (or halfway through very short lifetimes).
      const lifetimeMs = (body.expires_in ?? 3600) * 1000;
      cached = { token: body.access_token, renewAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
      return cached.token;
    },
    invalidate() {
      cached = null;
      return true;
    },
  };
}

/** The token endpoint refused; `retryable` for 5xx and 429 (anything else is a configuration error). */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
