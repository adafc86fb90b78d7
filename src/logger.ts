import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs. Tokens and secrets are redacted wherever they might appear. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "mssp-alert-gateway", ...base },
    redact: {
      paths: ["authorization", "*.authorization", "req.headers.authorization", "headers.authorization", "token", "*.token", "clientSecret", "*.clientSecret", "password", "*.password", "access_token", "*.access_token"],
      censor: "[redacted]",
    },
  });
}
