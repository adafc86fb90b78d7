import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

const HEADERS_TIMEOUT_MS = 1_000;
const BODY_TIMEOUT_MS = 2_000;
const MAX_CONNECTIONS = 12;

interface RawClient {
  socket: Socket;
  /** Everything the server sent. */
  data(): string;
  /** Epoch ms the socket closed, or null while open. */
  closedAt(): number | null;
  closed: Promise<number>;
}

/** A raw TCP client: the test decides byte by byte what the server gets, and when. */
async function raw(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = "";
  let closedAt: number | null = null;
  socket.on("data", (d) => (received += String(d)));
  socket.on("error", () => {}); // a reset by the server is one of the outcomes under test
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve((closedAt = Date.now()))));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { socket, data: () => received, closedAt: () => closedAt, closed };
}

const postHead = (host: string, contentLength: number, token?: string) =>
  `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n` +
  (token ? `Authorization: Bearer ${token}\r\n` : "") +
  "\r\n";

/** Issue 13 item 12: slow headers, slow bodies and connection floods cannot hold the gateway. */
describe("slow clients: header and body timeouts, token before body, connection cap", () => {
  let gw: TestGateway;
  let host = "";
  const clients: RawClient[] = [];
  const open = async () => {
    const c = await raw(gw.url);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    gw = await startGateway({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      SYNC_POLL_INTERVAL_MS: "600000",
    });
    host = new URL(gw.url).host;
  });
  afterAll(async () => {
    for (const c of clients) c.socket.destroy();
    await gw?.close();
  });

  it("refuses a missing or bad bearer with 401 before reading a large body, and closes", async () => {
    for (const token of [undefined, "not-a-jwt"]) {
      const c = await open();
      // announces 90 kB (under the body limit: nothing refuses it by size) and sends 9 bytes of it, then nothing
      c.socket.write(postHead(host, 90_000, token) + '{"query":');
      await waitFor(() => /\r\n\r\n.*UNAUTHENTICATED/s.test(c.data()), { timeoutMs: 5_000, what: "the 401" });
      expect(c.data()).toMatch(/^HTTP\/1\.1 401 /);
      expect(c.data()).toMatch(/www-authenticate: Bearer/i);
      await c.closed;
    }
  });

  it("closes a connection whose authenticated body trickles past the body timeout (408)", async () => {
    const token = await gw.token("alice");
    const c = await open();
    const started = Date.now();
    c.socket.write(postHead(host, 1_000, token) + '{"query":"{ me');
    // one more byte every 300 ms: each gap is short, the whole request is not
    const drip = setInterval(() => c.socket.writable && c.socket.write(" "), 300);
    try {
      const closedAt = await c.closed;
      expect(closedAt - started).toBeLessThan(BODY_TIMEOUT_MS + 5_000);
      expect(closedAt - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 200);
    } finally {
      clearInterval(drip);
    }
    expect(c.data()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection whose headers never finish (slow loris)", async () => {
    const c = await open();
    const started = Date.now();
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    const closedAt = await c.closed;
    expect(closedAt - started).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
  });

  it("caps concurrent connections per process; a normal request works once they go", async () => {
    const idle: RawClient[] = [];
    for (let i = 0; i < MAX_CONNECTIONS + 6; i++) idle.push(await open());
    // the ones past the cap are dropped at accept
    const dropped = await waitFor(
      () => {
        const n = idle.filter((c) => c.closedAt() !== null).length;
        return n >= 6 ? n : null;
      },
      { timeoutMs: 5_000, what: "connections over the cap to be dropped" },
    );
    expect(dropped).toBeLessThanOrEqual(idle.length - MAX_CONNECTIONS + 1);
    for (const c of idle) c.socket.destroy();
    const ok = await waitFor(
      async () => {
        const res = await fetch(`${gw.url}/healthz`).catch(() => null);
        return res?.status === 200;
      },
      { timeoutMs: 10_000, what: "a request after the flood" },
    );
    expect(ok).toBe(true);
  });
});
