/**
 * Bounds how many subscribers replay from a cursor at the same time. A replay renders every event for
 * one subscriber alone (no sharing), so many at once cost CPU and memory in proportion; past the bounds
 * a replay waits for a slot (it keeps buffering live events meanwhile, so nothing is lost).
 */
export interface ReplayGateOptions {
  /** Replays running at once in this process. Default 16 (LIVE_MAX_CONCURRENT_REPLAYS). */
  maxConcurrent: number;
  /** Replays running at once for one caller (same principal). Default 4 (LIVE_MAX_REPLAYS_PER_CALLER). */
  maxPerCaller: number;
}

export interface ReplayGate {
  /** Resolves with a release function once a slot is free for `caller`; call it exactly once when the replay ends. */
  acquire(caller: string): Promise<() => void>;
  stats(): { running: number; waiting: number };
}

export function createReplayGate(opts: ReplayGateOptions): ReplayGate {
  let running = 0;
  const perCaller = new Map<string, number>();
  const waiting: { caller: string; grant: () => void }[] = [];

  const fits = (caller: string) => running < opts.maxConcurrent && (perCaller.get(caller) ?? 0) < opts.maxPerCaller;
  const take = (caller: string): (() => void) => {
    running++;
    perCaller.set(caller, (perCaller.get(caller) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running--;
      const n = (perCaller.get(caller) ?? 1) - 1;
      if (n === 0) perCaller.delete(caller);
      else perCaller.set(caller, n);
      // First come, first served among the waiters that fit (a caller at its own bound does not block others).
      for (let i = 0; i < waiting.length && running < opts.maxConcurrent;) {
        const w = waiting[i];
        if (fits(w.caller)) {
          waiting.splice(i, 1);
          w.grant();
        } else i++;
      }
    };
  };

  return {
    acquire(caller) {
      if (fits(caller)) return Promise.resolve(take(caller));
      return new Promise((resolve) => waiting.push({ caller, grant: () => resolve(take(caller)) }));
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}
