/**
 * Per-address budget of refused (unauthenticated) requests, in one-minute windows that start at an
 * address's first refusal, in process memory: checked before any token work so a flood of bad
 * requests costs a map lookup each. Only refusals count, but an address over its budget is refused
 * whatever it sends until its window ends (telling good from bad would mean verifying the token).
 */
export interface RefusedIpLimiter {
  /** Seconds until `ip` may try again, or null when it is under its budget. */
  check(ip: string): number | null;
  /** Counts one refused request of `ip`. */
  refused(ip: string): void;
}

const WINDOW_MS = 60_000;

/** `perMinute` 0 turns the limiter off. At most `maxAddresses` tracked at once (then new ones pass uncounted). */
export function createRefusedIpLimiter(opts: { perMinute: number; maxAddresses?: number; now?: () => number }): RefusedIpLimiter {
  const now = opts.now ?? Date.now;
  const maxAddresses = opts.maxAddresses ?? 100_000;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  const current = (ip: string, t: number) => {
    const w = windows.get(ip);
    if (w && t - w.start < WINDOW_MS) return w;
    if (w) windows.delete(ip);
    return undefined;
  };
  return {
    check(ip) {
      if (opts.perMinute <= 0) return null;
      const t = now();
      const w = current(ip, t);
      return w && w.count >= opts.perMinute ? Math.max(1, Math.ceil((w.start + WINDOW_MS - t) / 1000)) : null;
    },
    refused(ip) {
      if (opts.perMinute <= 0) return;
      const t = now();
      if (t - lastSweep > WINDOW_MS) {
        lastSweep = t;
        for (const [k, w] of windows) if (t - w.start >= WINDOW_MS) windows.delete(k);
      }
      const w = current(ip, t);
      if (w) w.count++;
      else if (windows.size < maxAddresses) windows.set(ip, { start: t, count: 1 });
    },
  };
}
