import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createRedisConnections, type RedisConnections } from "../../src/store/redis.connections.js";
import { createRedisStore } from "../../src/store/redis.store.js";
import type { Store } from "../../src/store/store.types.js";
import { makeAlert } from "../helpers/alert.fixture.js";
import { startRedisServer } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";

/** Settles with how long `p` took, or "hung" past `limitMs` (a generous bound: the machine is shared). */
async function timed(p: Promise<unknown>, limitMs = 15_000): Promise<number | "hung"> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), limitMs)));
  const res = await Promise.race([p.then(() => Date.now() - started), hung]);
  clearTimeout(timer);
  return res;
}

/** store.close() and connections.close() end promptly whatever state Redis is in (a stuck close hangs shutdown and test teardown). */
describe("Redis store and connections close, Redis up or down", () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  let connections: RedisConnections | undefined;
  let store: Store | undefined;

  afterEach(async () => {
    redis?.process.kill("SIGCONT");
    await store?.close();
    await connections?.close();
    await redis?.stop();
    redis = connections = store = undefined;
  });

  async function open() {
    redis = await startRedisServer();
    connections = createRedisConnections({ url: redis.url, commandTimeoutMs: 1_000 });
    store = await createRedisStore({ connections, keyPrefix: `test:close:${randomUUID().slice(0, 8)}:` });
    return { redis, connections, store };
  }

  it("after redis-server was killed (connections reconnecting); stopping the server twice is fine", async () => {
    const { redis, connections, store } = await open();
    await redis.stop();
    await waitFor(() => connections.commands.status !== "ready", { timeoutMs: 10_000, what: "the connection to notice" });
    expect(await timed(store.close())).not.toBe("hung");
    expect(await timed(connections.close())).not.toBe("hung");
    // A SIGKILLed child has a null exitCode: the helper's second stop used to wait for an exit already emitted.
    expect(await timed(redis.stop(), 5_000)).not.toBe("hung");
  }, 60_000);

  it("while redis-server is frozen (connections look ready, QUIT is never answered)", async () => {
    const { redis, connections, store } = await open();
    // A blocking reader not owned by the store: no command timeout, so an unanswered QUIT would wait for ever.
    const other = connections.blocking("other-reader");
    await waitFor(() => other.status === "ready", { timeoutMs: 10_000, what: "the extra blocking connection" });
    redis.process.kill("SIGSTOP");
    expect(await timed(store.close())).not.toBe("hung");
    expect(await timed(connections.close())).not.toBe("hung");
    // Nothing is left half-closed once the server runs again.
    redis.process.kill("SIGCONT");
    await waitFor(() => other.status === "end" && connections.commands.status === "end", {
      timeoutMs: 10_000,
      what: "the connections to end",
    });
  }, 60_000);

  it("a filtered page read while redis-server is frozen rejects once, leaving no unhandled rejection behind", async () => {
    const { redis, connections, store } = await open();
    for (const t of ["t1", "t2"]) await store.index.upsert(t, [makeAlert(`${t}-a`, 1), makeAlert(`${t}-b`, 2)]);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      redis.process.kill("SIGSTOP");
      // The count (a GET per tenant) and the page (a script per tenant) both time out: the page's error is the answer,
      // the count's must not escape as an unhandled rejection (it crashed a gateway process in CI).
      await expect(
        store.index.query({
          filter: { tenantIds: ["t1", "t2"], severities: ["high"] },
          orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
          first: 10,
        }),
      ).rejects.toThrow();
      // Sent after the query's commands, so it times out after them: by then every one of them has settled.
      await expect(connections.commands.ping()).rejects.toThrow();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  }, 60_000);
});
