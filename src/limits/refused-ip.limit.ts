/**
 * Per-address budget of refused (unauthenticated) requests, in fixed one-minute windows, in process
 * memory: checked before any token work so a flood of bad requests costs a map lookup each. Only
 * refusals count: a client whose requests authenticate is never limited here (the per-caller limit is).
 */
export interface RefusedIpLimiter {
  /** Seconds until `ip` may try again, or null when it is under its budget. */
  check(ip: string): number | null;
  /** Counts one refused request of `ip`. */
  refused(ip: string): void;
}

/** `perMinute` 0 turns the limiter off. At most `maxAddresses` tracked per window (then new ones pass). */
export function createRefusedIpLimiter(opts: { perMinute: number; maxAddresses?: number; now?: () => number }): RefusedIpLimiter {
  const now = opts.now ?? Date.now;
  const maxAddresses = opts.maxAddresses ?? 100_000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  const roll = () => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t - (t % 60_000);
      counts = new Map();
    }
    return t;
  };
  return {
    check(ip) {
      if (opts.perMinute <= 0) return null;
      const t = roll();
      return (counts.get(ip) ?? 0) >= opts.perMinute ? Math.max(1, Math.ceil((windowStart + 60_000 - t) / 1000)) : null;
    },
    refused(ip) {
      if (opts.perMinute <= 0) return;
      roll();
      if (counts.size >= maxAddresses && !counts.has(ip)) return;
      counts.set(ip, (counts.get(ip) ?? 0) + 1);
    },
  };
}
