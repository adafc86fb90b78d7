import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { freePort } from "../helpers/net.js";
import { waitFor } from "../helpers/wait.js";

const run = promisify(execFile);

export interface LocalCluster {
  /** Seed URL (the first node). */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/** A real three-primary Redis Cluster on loopback ports (redis-server + `redis-cli --cluster create`). */
export async function startRedisCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), "gw-cluster-"));
  const ports = [await freePort(), await freePort(), await freePort()];
  const nodes: ChildProcess[] = ports.map((port) =>
    spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        join(dir, `nodes-${port}.conf`),
        "--cluster-node-timeout",
        "2000",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { stdio: "ignore" },
    ),
  );
  const stop = () => {
    for (const n of nodes) n.kill("SIGKILL");
    return Promise.resolve();
  };
  try {
    for (const port of ports) {
      await waitFor(
        async () => {
          const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
          r.on("error", () => undefined);
          try {
            await r.connect();
            return (await r.ping()) === "PONG";
          } finally {
            r.disconnect();
          }
        },
        { timeoutMs: 10_000, what: `redis-server on ${port}` },
      );
    }
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"], {
      timeout: 30_000,
    });
    for (const port of ports) {
      await waitFor(
        async () => {
          const r = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
          try {
            return String(await r.cluster("INFO")).includes("cluster_state:ok");
          } finally {
            r.disconnect();
          }
        },
        { timeoutMs: 15_000, what: `cluster_state:ok on ${port}` },
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}
