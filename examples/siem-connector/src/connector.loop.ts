import type { CheckpointStore } from "./checkpoint.store.js";
import { FeedError, type FeedClient } from "./feed.client.js";
import type { EventSink } from "./feed.types.js";
import type { Logger } from "./logger.js";
import { TokenError, type TokenSource } from "./token.source.js";

export interface ConnectorDeps {
  feed: FeedClient;
  sink: EventSink;
  checkpoints: CheckpointStore;
  tokens: TokenSource;
  log: Logger;
  pollIntervalMs: number;
  backoffMaxMs: number;
  /** Aborting stops the loop after the batch in progress is written and checkpointed. */
  signal: AbortSignal;
}

/** The connector cannot go on by itself; `exitCode` for the process (3: cursor expired, 1: anything else). */
export class ConnectorStopped extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Exponential backoff with full jitter, never shorter than the server's `Retry-After`. */
export function backoffMs(attempt: number, retryAfterMs: number | null, maxMs: number): number {
  const jitter = Math.random() * Math.min(maxMs, 1000 * 2 ** Math.min(attempt - 1, 20));
  return Math.max(retryAfterMs ?? 0, jitter);
}

/**
 * Reads the pull feed from the checkpoint on: read a page, write it, flush it, then move the checkpoint
 * (cursor and output size) atomically. A crash before the checkpoint moves means the batch is read and
 * written again; the file sink first cuts off what it had written, so a file holds every event exactly once.
 */
export async function runConnector(deps: ConnectorDeps): Promise<void> {
  const { feed, sink, checkpoints, tokens, log, signal } = deps;
  let checkpoint = await checkpoints.load();
  const position = await sink.recover(checkpoint.outputBytes);
  if (position !== checkpoint.outputBytes) {
    // First start (or a rotated file): record where this output begins, so a crash during the very first
    // batch is cut back to here and never to someone else's earlier content.
    checkpoint = { cursor: checkpoint.cursor, outputBytes: position };
    await checkpoints.save(checkpoint);
  }
  log.info("connector started", { cursor: checkpoint.cursor, outputBytes: position });

  let failures = 0;
  let renewedToken = false;
  let caughtUp = false;

  const backOff = async (code: string, retryAfterMs: number | null, message: string) => {
    failures++;
    const waitMs = Math.round(backoffMs(failures, retryAfterMs, deps.backoffMaxMs));
    log.warn("backing off", { code, attempt: failures, waitMs, retryAfterMs, error: message });
    await pause(waitMs, signal);
  };

  while (!signal.aborted) {
    let page;
    try {
      page = await feed.read(checkpoint.cursor);
    } catch (e) {
      if (e instanceof TokenError) {
        if (!e.retryable) throw new ConnectorStopped(`cannot get a token: ${e.message}`, 1);
        await backOff("TOKEN_ENDPOINT", null, e.message);
        continue;
      }
      if (!(e instanceof FeedError)) throw e;
      if (e.kind === "retry") {
        await backOff(e.code, e.retryAfterMs, e.message);
        continue;
      }
      if (e.kind === "auth" && !renewedToken && tokens.invalidate()) {
        renewedToken = true;
        continue;
      }
      if (e.kind === "cursorExpired") {
        throw new ConnectorStopped(
          `the stored cursor is older than the gateway's event retention (${e.message}); events were missed. ` +
            "Re-read current alerts (query alerts) into the SIEM, then delete the checkpoint file to start from the oldest retained event.",
          3,
        );
      }
      throw new ConnectorStopped(`the gateway refused the feed: ${e.message}`, 1);
    }
    failures = 0;
    renewedToken = false;

    if (page.events.length > 0) {
      // Keep trying the same batch until it is flushed: the checkpoint must not pass unwritten events.
      for (;;) {
        try {
          await sink.write(page.events);
          failures = 0;
          break;
        } catch (e) {
          await backOff("OUTPUT", null, (e as Error).message);
          if (signal.aborted) return;
        }
      }
    }
    const next = page.endCursor ?? checkpoint.cursor;
    if (page.events.length > 0 || next !== checkpoint.cursor) {
      checkpoint = { cursor: next, outputBytes: sink.position() };
      await checkpoints.save(checkpoint);
      log.info("batch committed", { events: page.events.length, cursor: checkpoint.cursor, outputBytes: checkpoint.outputBytes });
      caughtUp = false;
    }
    if (!page.hasNextPage) {
      if (!caughtUp) log.info("caught up", { cursor: checkpoint.cursor });
      caughtUp = true;
      await pause(deps.pollIntervalMs, signal);
    }
  }
}
