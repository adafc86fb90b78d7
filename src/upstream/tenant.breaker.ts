import { type CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, SamplingBreaker, circuitBreaker, handleWhen } from "cockatiel";
import { AttemptError } from "./upstream.errors.js";

export interface BreakerOptions {
  /** Opens after this many consecutive outage failures (5xx, timeout, network). Default 5. Ignored with `sampling`. */
  consecutiveFailures?: number;
  /**
   * Opens when at least `threshold` (0..1) of the calls in the last `durationMs` failed, once there were at least
   * `minimumRps` calls per second on average (e.g. 50% of ≥ 10 calls in 10 s = `{ 0.5, 10_000, 1 }`).
   */
  sampling?: { threshold: number; durationMs: number; minimumRps?: number };
  /** Time an open breaker refuses calls before letting one trial call through (half-open), ms. Default 30,000. */
  halfOpenAfterMs?: number;
}

export type BreakerState = "closed" | "open" | "halfOpen";

/** One tenant's breaker plus the bookkeeping the client reports in `state()` and in fail-fast errors. */
export interface TenantBreaker {
  policy: CircuitBreakerPolicy;
  state(): BreakerState;
  /** ms until an open breaker lets a trial call through; 0 when not open. */
  msUntilHalfOpen(): number;
}

/**
 * Only outages count (`AttemptError.outage`): a 429 is upstream asking us to slow down, a 401/403 is
 * configuration, a 400 is our bug; opening the breaker for those would hide the real cause behind "unavailable".
 */
export function createTenantBreaker(opts: BreakerOptions = {}): TenantBreaker {
  const halfOpenAfter = opts.halfOpenAfterMs ?? 30_000;
  const breaker = opts.sampling
    ? new SamplingBreaker({
        threshold: opts.sampling.threshold,
        duration: opts.sampling.durationMs,
        ...(opts.sampling.minimumRps !== undefined ? { minimumRps: opts.sampling.minimumRps } : {}),
      })
    : new ConsecutiveBreaker(opts.consecutiveFailures ?? 5);
  const policy = circuitBreaker(
    handleWhen((e) => e instanceof AttemptError && e.outage),
    { halfOpenAfter, breaker },
  );
  let openedAt = 0;
  policy.onBreak(() => {
    openedAt = Date.now();
  });
  const msUntilHalfOpen = () => (policy.state === CircuitState.Open ? Math.max(0, openedAt + halfOpenAfter - Date.now()) : 0);
  return {
    policy,
    msUntilHalfOpen,
    state() {
      switch (policy.state) {
        case CircuitState.Closed:
          return "closed";
        case CircuitState.HalfOpen:
          return "halfOpen";
        default:
          // cockatiel stays "Open" until the next call; once the reset time has passed that call is the trial
          return policy.state === CircuitState.Open && msUntilHalfOpen() === 0 ? "halfOpen" : "open";
      }
    },
  };
}
