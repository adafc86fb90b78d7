/**
 * The process-wide budget of bytes written to live connections (WebSocket, SSE, multipart) and not yet
 * flushed to the network. Each connection keeps an account; when the process total would pass the
 * budget, a connection that still has unflushed bytes of its own is the slow one and must be shed
 * (1013 / SLOW_CONSUMER): readers that keep up have nothing pending and are never shed for others.
 */
export interface BufferBudget {
  open(): BufferAccount;
  /** Unflushed bytes of every open account. */
  used(): number;
}

export interface BufferAccount {
  /** Unflushed bytes of this connection. */
  readonly pending: number;
  /**
   * Records `bytes` about to be written. False (nothing recorded) when the process budget is spent and
   * this connection has unflushed bytes: shed it instead of writing.
   */
  tryAdd(bytes: number): boolean;
  /** Records bytes that are written whatever the budget says (control frames, a final error: small and bounded). */
  add(bytes: number): void;
  /** Records bytes flushed (the write callback ran). Ignored after `close()`. */
  release(bytes: number): void;
  /** The connection is gone: returns whatever it still held. Idempotent. */
  close(): void;
}

/** `maxBytes`: LIVE_MAX_BUFFERED_BYTES, default 64 MiB. */
export function createBufferBudget(maxBytes: number): BufferBudget {
  let used = 0;
  return {
    used: () => used,
    open() {
      let pending = 0;
      let closed = false;
      return {
        get pending() {
          return pending;
        },
        tryAdd(bytes) {
          if (closed) return false;
          if (used + bytes > maxBytes && pending > 0) return false;
          pending += bytes;
          used += bytes;
          return true;
        },
        add(bytes) {
          if (closed) return;
          pending += bytes;
          used += bytes;
        },
        release(bytes) {
          if (closed) return;
          const n = Math.min(bytes, pending);
          pending -= n;
          used -= n;
        },
        close() {
          if (closed) return;
          closed = true;
          used -= pending;
          pending = 0;
        },
      };
    },
  };
}
