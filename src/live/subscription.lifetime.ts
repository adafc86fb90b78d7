/**
 * The async iterator graphql-ws holds for a live subscription whose events the transport writes
 * itself (pre-serialized bytes, straight to the socket). It yields nothing: it only marks the
 * subscription's lifetime. graphql-ws calls `return()` when the client completes or the socket closes
 * (it needs `return` and `throw` to treat it as a generator), which runs `onReturn` once so the engine
 * stops; `fail` ends the iteration with an error (graphql-ws sends it as an `error` message).
 */
export interface SubscriptionLifetime {
  readonly iterator: AsyncIterableIterator<never>;
  /** Ends the iteration with this error. */
  fail(error: unknown): void;
  /** Ends the iteration normally (graphql-ws sends `complete`). */
  end(): void;
  readonly ended: boolean;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function createSubscriptionLifetime(onReturn: () => void): SubscriptionLifetime {
  let waiting: { resolve: (r: IteratorResult<never>) => void; reject: (e: unknown) => void } | null = null;
  let outcome: { error: unknown } | { done: true } | null = null;
  let returned = false;

  const settle = () => {
    if (!waiting || !outcome) return;
    const w = waiting;
    waiting = null;
    if ("error" in outcome) {
      const e = outcome.error;
      outcome = { done: true };
      w.reject(toError(e));
    } else w.resolve({ value: undefined, done: true });
  };
  const finish = (o: { error: unknown } | { done: true }) => {
    if (outcome) return;
    outcome = o;
    settle();
  };
  const stop = () => {
    if (returned) return;
    returned = true;
    onReturn();
  };

  const iterator: AsyncIterableIterator<never> = {
    next() {
      if (outcome && "error" in outcome) {
        const e = outcome.error;
        outcome = { done: true };
        return Promise.reject(toError(e));
      }
      if (outcome) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      stop();
      finish({ done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(e?: unknown) {
      stop();
      finish({ done: true });
      return Promise.reject(toError(e));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    iterator,
    fail: (error) => finish({ error: error ?? new Error("subscription failed") }),
    end: () => finish({ done: true }),
    get ended() {
      return outcome !== null;
    },
  };
}
