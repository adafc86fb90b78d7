import type { Logger } from "../../logger.js";
import type { ChangeLog, ChangeRecord } from "../../store/change-log.types.js";
import type { DocumentStore } from "../../store/store.types.js";
import { WORKER_COLLECTION } from "./notification.model.js";

export interface LogFollowerDeps<R extends ChangeRecord> {
  log: Pick<ChangeLog<R>, "read" | "latestCursor" | "listen">;
  /** Names the log in log lines (`alert`, `incident`). */
  name: string;
  /** Id of this log's stored position in the worker collection (each log has its own: cursors are separate sequences). */
  positionId: string;
  documents: DocumentStore;
  /** Handles one event; a throw is logged and does not stop the following events. */
  handle(event: R): Promise<void>;
  logger: Logger;
  settings: {
    /**
     * Resume from the position stored in the DocumentStore after a restart (shared mode, where the event log
     * survives restarts). Off: start at the live end of the log.
     */
    durablePosition: boolean;
    /** How often the position is written, at most, ms. */
    positionFlushMs: number;
  };
  now?: () => number;
}

/** Follows one event log in order: live events, and after a restart the events missed since the stored position. */
export interface LogFollower<R extends ChangeRecord> {
  start(): Promise<void>;
  /** Stops listening, waits for the events in hand, writes the position. Idempotent. */
  stop(): Promise<void>;
  /** Handles one event in log order (after those already queued). */
  enqueue(event: R): Promise<void>;
  /** Resolves once every event seen so far is handled. */
  idle(): Promise<void>;
}

const CATCH_UP_PAGE = 500;

const cursorParts = (c: string) => c.split("-").map(Number) as [number, number];
/** Event-log cursor order (`<ms>-<seq>`, numeric). */
const newer = (a: string, b: string | null) => {
  if (b === null) return true;
  const [am, as] = cursorParts(a);
  const [bm, bs] = cursorParts(b);
  return am > bm || (am === bm && as > bs);
};

export function createLogFollower<R extends ChangeRecord>(deps: LogFollowerDeps<R>): LogFollower<R> {
  const { documents, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  let chain: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  let position: string | null = null;
  let flushed: string | null = null;
  let stopping: Promise<void> | null = null;

  /** Serializes events in log order; a failing event is logged and does not block the next ones. */
  const enqueue = (event: R) => {
    chain = chain
      .then(() => deps.handle(event))
      .then(
        () => {
          if (newer(event.cursor, position)) position = event.cursor;
        },
        (e) => logger.error({ err: e, log: deps.name, cursor: event.cursor, tenantId: event.tenantId }, "notification matching failed"),
      );
    return chain;
  };

  async function flushPosition() {
    if (!settings.durablePosition || position === null || position === flushed) return;
    const cursor = position;
    await documents.put(WORKER_COLLECTION, deps.positionId, { cursor, at: new Date(now()).toISOString() });
    flushed = cursor;
  }

  /** Replays events appended while no replica was consuming (shared mode only). */
  async function catchUp(from: string) {
    let after = from;
    for (;;) {
      const page = await deps.log.read(after, CATCH_UP_PAGE);
      for (const e of page) await enqueue(e);
      if (page.length < CATCH_UP_PAGE) return;
      after = page[page.length - 1].cursor;
    }
  }

  return {
    enqueue,
    idle: () => chain,
    async start() {
      const buffered: R[] = [];
      let live = false;
      unsubscribe = deps.log.listen((e) => (live ? void enqueue(e) : buffered.push(e)));
      if (settings.durablePosition) {
        const saved = (await documents.get<{ cursor: string }>(WORKER_COLLECTION, deps.positionId))?.value.cursor ?? null;
        if (saved) {
          try {
            await catchUp(saved);
          } catch (e) {
            logger.warn(
              { err: e, log: deps.name, cursor: saved },
              "notification catch-up skipped: stored position is not readable (expired?)",
            );
          }
        }
      }
      for (const e of buffered) if (newer(e.cursor, position)) void enqueue(e);
      live = true;
      if (settings.durablePosition && position === null) {
        // First start against this store: begin at the live end (history is never notified).
        const latest = await deps.log.latestCursor();
        if (latest && position === null) position = latest;
      }
      if (settings.durablePosition) {
        const tick = () => {
          flushTimer = setTimeout(
            () =>
              void flushPosition()
                .catch((e) => logger.warn({ err: e, log: deps.name }, "saving notification position failed"))
                .finally(() => stopping || tick()),
            settings.positionFlushMs,
          );
          flushTimer.unref();
        };
        tick();
      }
    },
    stop: () =>
      (stopping ??= (async () => {
        unsubscribe?.();
        if (flushTimer) clearTimeout(flushTimer);
        await chain;
        await flushPosition().catch(() => undefined);
      })()),
  };
}
