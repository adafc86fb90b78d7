/**
 * The store could not reach its backend (Redis down, frozen or slower than the command timeout). Callers
 * answer SERVICE_UNAVAILABLE (HTTP 503) and retry later; nothing was lost on the gateway's side, but a
 * write that timed out may or may not have been applied (the store's writes are idempotent or fenced).
 */
export class StoreUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("the store (Redis) is unavailable", options);
    this.name = "StoreUnavailableError";
  }
}

/** ioredis' messages for "no answer" (as opposed to a reply error from Redis itself, e.g. WRONGTYPE). */
const UNAVAILABLE_MESSAGES = [
  "Command timed out",
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Cluster isn't ready and enableOfflineQueue options is false",
  "Connection is closed.",
  "None of startup nodes is available",
];
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);

/** True when `e` says Redis did not answer (timeout, connection down), not that it refused a command. */
export function isRedisUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === "MaxRetriesPerRequestError" || e.name === "ClusterAllFailedError") return true;
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((m) => e.message.startsWith(m));
}

/**
 * Wraps every method of a store part so that "Redis did not answer" surfaces as {@link StoreUnavailableError}
 * (one typed error callers can map) and everything else passes through unchanged.
 */
export function guardUnavailable<T extends object>(part: T): T {
  const guarded = { ...part } as Record<string, unknown>;
  for (const [key, value] of Object.entries(part)) {
    if (typeof value !== "function") continue;
    const fn = value as (...args: unknown[]) => unknown;
    guarded[key] = (...args: unknown[]) => {
      const out = fn.apply(part, args);
      if (!(out instanceof Promise)) return out;
      return out.catch((e: unknown) => {
        throw isRedisUnavailable(e) ? new StoreUnavailableError({ cause: e }) : e;
      });
    };
  }
  return guarded as T;
}
