import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerFormat {
  /** `pretty`: human-readable lines with local times (development); `json`: one JSON object per line. Default `json`. */
  format?: "json" | "pretty";
}

/**
 * `auto` → pretty in development on a terminal, JSON otherwise (production, pipes, log collectors).
 * The one place that decides; `isTTY` is passed in so the decision stays testable.
 */
export function resolveLogFormat(setting: "auto" | "json" | "pretty", nodeEnv: string, isTTY: boolean): "json" | "pretty" {
  if (setting !== "auto") return setting;
  return nodeEnv !== "production" && isTTY ? "pretty" : "json";
}

/** Structured logs (JSON, or pretty for a developer's terminal). Tokens and secrets are redacted wherever they might appear. */
export function createLogger(level: string, base: Record<string, unknown> = {}, opts: LoggerFormat = {}): Logger {
  // Synchronous pretty stream (not a transport worker): lines are written before a fast exit, in order.
  const stream: DestinationStream | undefined =
    opts.format === "pretty"
      ? pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service,replica", sync: true })
      : undefined;
  const options = {
    level,
    base: { service: "mssp-alert-gateway", ...base },
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "req.headers.authorization",
        "headers.authorization",
        "token",
        "*.token",
        "clientSecret",
        "*.clientSecret",
        "password",
        "*.password",
        "access_token",
        "*.access_token",
      ],
      censor: "[redacted]",
    },
  };
  return stream ? pino(options, stream) : pino(options);
}
