import { readFileSync } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, demoUserId, type Simulator } from "../../src/simulator/index.js";
import { SSE_PATH } from "../../src/transport/transport.constants.js";
import { remoteEnvFor, startGatewayProcess, type GatewayProcess } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pullAll, rawSocket, sseSubscribe, WsSubscriber } from "./live.helpers.js";

/** A fat rendering (~15 copies of each alert with its evidence): a few hundred events outgrow the kernel's socket buffers. */
const FAT_EVENTS = `subscription Fat($after: String) { alertEvents(after: $after) { cursor kind ${Array.from({ length: 14 }, (_, i) => `a${i}: alert { ...A }`).join(" ")} } }
fragment A on Alert { id title description severity status category detectionSource assignedTo lastUpdateTime portalUrl evidence { entityType fileName filePath sha1 sha256 processCommandLine parentProcessFileName ipAddress url registryKey } }`;

/** Budget of the process under test (LIVE_MAX_BUFFERED_BYTES), bytes. */
const LIVE_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/**
 * The documented bound (docs/live.md, "Slow consumers"): with 200 subscribers that read nothing, the gateway's RSS
 * stays under its idle RSS + LIVE_MAX_BUFFERED_BYTES + 160 MB (renderings in flight, socket state, GC headroom).
 */
const RSS_HEADROOM_BYTES = 160 * 1024 * 1024;

/** Resident set size of a process (and its peak), from /proc, bytes. */
function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { now: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Opens an SSE stream with Node's HTTP client and stops reading it at once; `resume()` reads it to the end. */
function pausedSse(url: string, token: string, query: string, variables: Record<string, unknown>) {
  let body = "";
  let ended = false;
  let response: http.IncomingMessage | null = null;
  const req = http.request(`${url}${SSE_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
  });
  const opened = new Promise<number>((resolve, reject) => {
    req.once("error", reject);
    req.once("response", (res) => {
      response = res;
      res.pause();
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.once("end", () => (ended = true));
      resolve(res.statusCode ?? 0);
    });
  });
  req.end(JSON.stringify({ query, variables }));
  return {
    opened,
    resume: () => response?.resume(),
    destroy: () => req.destroy(),
    get body() {
      return body;
    },
    get ended() {
      return ended;
    },
  };
}

/** `next` payloads of an SSE body, in order. */
const nextEvents = (body: string) =>
  body
    .split("\n\n")
    .filter((m) => m.startsWith("event: next\n"))
    .map(
      (m) =>
        JSON.parse(m.slice("event: next\ndata: ".length)) as {
          data?: { alertEvents: { cursor: string } };
          errors?: { extensions: { code: string } }[];
        },
    );

/**
 * Slow and vanished consumers against a real gateway process (remote mode, in-memory store, a simulator in
 * this process): per-stream bounds, the process budget (RSS with 200 subscribers that read nothing), and
 * the subscription access log.
 */
describe("slow consumers and the subscription access log", () => {
  let sim: Simulator;
  let gw: GatewayProcess;
  let alice: string;
  let tenants: string[];
  let total: number;

  beforeAll(async () => {
    sim = await createSimulator({ tenantCount: 3, alertsPerTenant: 150, seed: 7 });
    sim.control.setLimits({ perMinute: 1_000_000, perHour: 10_000_000 });
    tenants = sim.tenants.map((t) => t.id);
    const grants = tenants.flatMap((tenantId) =>
      ["alice", "bob"].map((u) => ({ tenantId, subject: { kind: "USER" as const, id: demoUserId(u) }, role: "TIER1_ANALYST" })),
    );
    gw = await startGatewayProcess(
      {
        ...remoteEnvFor(sim, grants),
        SYNC_POLL_INTERVAL_MS: "200",
        UPSTREAM_BUDGET_PER_MINUTE: "1000000",
        UPSTREAM_BUDGET_PER_HOUR: "10000000",
        LIVE_MAX_BUFFERED_BYTES: String(LIVE_MAX_BUFFERED_BYTES),
        SSE_MAX_BUFFERED_BYTES: String(1024 * 1024),
        LIMIT_MAX_COST: "1000000",
        LIMIT_MAX_TOKENS: "5000",
        RATE_LIMIT_PER_CALLER: "0",
      },
      120_000,
    ); // generous: the machine running the suite may be busy

    alice = await sim.mintUserToken({ user: "alice", expiresInSec: 3600 });
    total = tenants.length * 150;
    await waitFor(async () => (await pullAll(gw.url, alice)).events.length >= total, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: "the backfill",
    });
  }, 240_000);
  afterAll(async () => {
    await gw?.kill("SIGKILL");
    await sim?.close();
  });

  const ended = (reason: string) => gw.logs.filter((l) => l.msg === "subscription ended" && l.reason === reason);

  it("ends an SSE stream that does not read with a final SLOW_CONSUMER error; the client resumes from its last cursor", async () => {
    const before = ended("slow_consumer").length;
    const s = pausedSse(gw.url, alice, FAT_EVENTS, { after: "0-0" });
    expect(await s.opened).toBe(200);
    await waitFor(() => ended("slow_consumer").length > before, { timeoutMs: 60_000, what: "the stream to be shed" });
    expect(ended("slow_consumer").at(-1)).toMatchObject({ transport: "sse", caller: demoUserId("alice"), code: "SLOW_CONSUMER" });
    s.resume();
    await waitFor(() => s.ended, { timeoutMs: 30_000, what: "the stream to end" });
    const results = nextEvents(s.body);
    const last = results.at(-1)!;
    expect(last.errors?.[0]?.extensions.code).toBe("SLOW_CONSUMER");
    expect(s.body.trimEnd().endsWith("event: complete\ndata:")).toBe(true);
    const received = results.slice(0, -1).map((r) => r.data!.alertEvents.cursor);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(total);
    // Resuming after the last cursor received continues with exactly the next event of the log.
    const feed = (await pullAll(gw.url, alice)).events.map((e) => e.cursor);
    expect(received).toEqual(feed.slice(0, received.length));
    const resumed = sseSubscribe(gw.url, alice, { after: received.at(-1)! });
    try {
      await waitFor(() => resumed.events.length > 0, { what: "the resumed stream" });
      expect(resumed.events[0].cursor).toBe(feed[received.length]);
    } finally {
      resumed.stop();
    }
  });

  it("logs one line when a subscription starts and one when it ends, on WebSocket and SSE", async () => {
    const bob = await sim.mintUserToken({ user: "bob", expiresInSec: 3600 });
    const { endCursor } = await pullAll(gw.url, bob);
    const ws = new WsSubscriber(() => bob).start(gw.url, endCursor);
    const sse = sseSubscribe(gw.url, bob, { after: endCursor });
    const created = sim.control.createAlert(tenants[0], { title: "logged live" });
    await waitFor(() => ws.events.some((e) => e.alertId === created.id) && sse.events.some((e) => e.alertId === created.id), {
      what: "the event on both transports",
    });
    await ws.stop();
    sse.stop();
    const mine = (msg: string) => gw.logs.filter((l) => l.msg === msg && l.caller === demoUserId("bob"));
    await waitFor(() => mine("subscription ended").length === 2, { what: "two 'subscription ended' lines" });
    expect(
      mine("subscription started")
        .map((l) => l.transport)
        .sort(),
    ).toEqual(["sse", "websocket"]);
    for (const line of mine("subscription ended")) {
      expect(line).toMatchObject({
        component: "live",
        reason: "client",
        events: 1,
        operation: { type: "subscription", name: "AlertEvents" },
      });
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(mine("subscription started").some((s) => s.subscriptionId === line.subscriptionId)).toBe(true);
    }
    expect(JSON.stringify(gw.logs)).not.toContain(bob);
  });

  it("keeps the RSS under the documented bound with 200 WebSocket subscribers that read nothing, shedding them with 1013", async () => {
    const pid = gw.child.pid!;
    const idle = rss(pid).now;
    const { endCursor } = await pullAll(gw.url, alice);
    const sockets = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const s = await rawSocket(gw.url);
        await s.init(alice);
        s.send({ id: "1", type: "subscribe", payload: { query: FAT_EVENTS, variables: { after: endCursor } } });
        return s;
      }),
    );
    // Every subscriber is registered once a first live event reached all of them; then they stop reading.
    const first = sim.control.createAlert(tenants[1], { title: "warm-up" });
    await waitFor(() => sockets.every((s) => s.messages.some((m) => m.type === "next" && JSON.stringify(m).includes(first.id))), {
      timeoutMs: 60_000,
      what: "the warm-up event everywhere",
    });
    const shedBefore = ended("slow_consumer").filter((l) => l.transport === "websocket").length;
    for (const s of sockets) (s.ws as unknown as { _socket: Socket })._socket.pause();
    let peak = 0;
    // Live events keep coming (rendered once, written to 200 sockets) until the gateway has shed every socket.
    await waitFor(
      () => {
        for (let i = 0; i < 20; i++) sim.control.createAlert(tenants[i % tenants.length], { title: `flood ${i}` });
        peak = Math.max(peak, rss(pid).now);
        return ended("slow_consumer").filter((l) => l.transport === "websocket").length - shedBefore >= 200;
      },
      { timeoutMs: 180_000, intervalMs: 300, what: "every silent subscriber to be shed" },
    );
    peak = Math.max(peak, rss(pid).now);
    console.info(
      `RSS with 200 silent WebSocket subscribers: idle ${idle >> 20} MiB, peak ${peak >> 20} MiB (VmHWM ${rss(pid).peak >> 20} MiB)`,
    );
    expect(peak - idle, `idle ${idle >> 20} MiB, peak ${peak >> 20} MiB`).toBeLessThan(LIVE_MAX_BUFFERED_BYTES + RSS_HEADROOM_BYTES);
    // Reading again, each client finds its socket closed (1013 when it read the close frame in time, else cut).
    for (const s of sockets) (s.ws as unknown as { _socket: Socket })._socket.resume();
    const closes = await Promise.all(sockets.map((s) => s.closed));
    expect(closes.every((c) => c.code === 1013 || c.code === 1006)).toBe(true);
    // The gateway still serves a reading subscriber at once.
    const reader = new WsSubscriber(() => alice).start(gw.url, (await pullAll(gw.url, alice)).endCursor);
    const after = sim.control.createAlert(tenants[2], { title: "after the storm" });
    await waitFor(() => reader.events.some((e) => e.alertId === after.id), { timeoutMs: 30_000, what: "a live event for a reader" });
    await reader.stop();
  }, 300_000);
});
