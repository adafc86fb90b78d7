import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./net.js";
import { waitFor } from "./wait.js";

/**
 * The shared Redis integration tests use: `TEST_REDIS_URL`, default redis://127.0.0.1:6379. Tests on
 * it must use a unique key prefix and never run server-wide commands (FLUSHALL, CONFIG SET, CLIENT
 * PAUSE, ...): the instance is shared with other test runs. Outage tests use {@link startRedisServer}.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Fails with a message that says what to do when nothing answers at {@link TEST_REDIS_URL}, instead of
 * letting the first test time out on a connection that retries forever. Call from `beforeAll`.
 */
export async function requireTestRedis(timeoutMs = 3_000): Promise<void> {
  const r = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  r.on("error", () => undefined); // reported below, with advice
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new Error(
      `these tests need a Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL, or start one: redis-server --save "" --appendonly no): ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  } finally {
    r.disconnect();
  }
}

/** A private redis-server this test owns (no persistence): it may be paused, frozen or killed freely. */
export interface PrivateRedis {
  url: string;
  port: number;
  process: ChildProcess;
  /** Kills the server (SIGKILL) and resolves once it exited; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a private redis-server on a free loopback port and resolves once it answers PING. */
export async function startRedisServer(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extraArgs], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  let spawnError: Error | undefined;
  child.once("error", (e) => (spawnError = e));
  await waitFor(
    async () => {
      if (spawnError) throw new Error(`cannot run redis-server (is it installed?): ${spawnError.message}`);
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on("error", () => undefined); // refused until the server is up
      try {
        await r.connect();
        return (await r.ping()) === "PONG";
      } finally {
        r.disconnect();
      }
    },
    { timeoutMs: 10_000, what: "redis-server to start" },
  );
  return {
    url,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
