/**
 * A push-driven async iterator: the hub pushes, graphql-js / graphql-ws / graphql-sse pull. `return()`
 * (client completed, socket closed) runs `onReturn` once so the producer can stop. With no pushes at all
 * it is a pure lifetime handle: pending until ended, failed or returned.
 */
export interface EventQueue<T> {
  readonly iterator: AsyncIterableIterator<T>;
  /** Queues a value; ignored once ended. Fails the queue when more than `maxPending` values wait. */
  push(value: T): void;
  /** Ends the iteration with this error (after the values already queued). */
  fail(error: unknown): void;
  /** Ends the iteration normally (after the values already queued). */
  end(): void;
  readonly ended: boolean;
}

export interface EventQueueOptions {
  /** Values that may wait for a slow consumer before the queue fails with `overflowError()`. */
  maxPending: number;
  overflowError: () => unknown;
  /** Called once when the consumer stops early (`return()`), or the queue ended or failed. */
  onClose: () => void;
}

export function createEventQueue<T>(opts: EventQueueOptions): EventQueue<T> {
  const pending: T[] = [];
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  let done = false;
  let error: unknown = null;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    opts.onClose();
  };
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (pending.length > 0) {
      waiting = null;
      w.resolve({ value: pending.shift()!, done: false });
    } else if (done) {
      waiting = null;
      if (error !== null) {
        const e = error;
        error = null;
        w.reject(e);
      } else w.resolve({ value: undefined, done: true });
    }
  };
  const finish = (e: unknown) => {
    if (done) return;
    done = true;
    error = e;
    close();
    settle();
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (pending.length > 0) return Promise.resolve({ value: pending.shift()!, done: false });
      if (done) {
        if (error !== null) {
          const e = error;
          error = null;
          return Promise.reject(e);
        }
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      pending.length = 0;
      error = null;
      finish(null);
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(e?: unknown) {
      pending.length = 0;
      finish(null);
      return Promise.reject(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    iterator,
    push(value) {
      if (done) return;
      if (pending.length >= opts.maxPending) {
        pending.length = 0;
        finish(opts.overflowError());
        return;
      }
      pending.push(value);
      settle();
    },
    fail: (e) => finish(e ?? new Error("subscription failed")),
    end: () => finish(null),
    get ended() {
      return done;
    },
  };
}
