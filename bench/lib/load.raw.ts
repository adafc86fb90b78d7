/**
 * A lean closed-loop HTTP/1.1 client for throughput rows where the load generator shares the machine's two cores
 * with what it measures (S3): each connection is a plain TCP socket that writes one pre-built request and reads the
 * response by its Content-Length (or chunked framing) without building header objects or response streams. It
 * spends about a third of node:http's CPU per request here, which is CPU the gateways get back.
 */
import net from "node:net";
import { loadResult, type LoadOptions, type LoadResult } from "./load.js";

const HEAD_END = Buffer.from("\r\n\r\n");

/** Parses one response's framing out of a growing buffer; null until the whole response is there. */
function responseEnd(buf: Buffer): { status: number; end: number; bodyBytes: number } | null {
  const headEnd = buf.indexOf(HEAD_END);
  if (headEnd < 0) return null;
  const head = buf.toString("latin1", 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buf.length >= end ? { status, end, bodyBytes: Number(length[1]) } : null;
  }
  if (!/\r\ntransfer-encoding:\s*chunked/.test(head)) throw new Error(`response without framing: ${head.slice(0, 200)}`);
  let at = bodyStart;
  let bodyBytes = 0;
  for (;;) {
    const lineEnd = buf.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = parseInt(buf.toString("latin1", at, lineEnd), 16);
    if (size === 0) {
      const end = buf.indexOf(HEAD_END, lineEnd - 2);
      return end < 0 ? null : { status, end: end + 4, bodyBytes };
    }
    at = lineEnd + 2 + size + 2;
    bodyBytes += size;
    if (at > buf.length) return null;
  }
}

/** The same contract as `runLoad` (bench/lib/load.ts): `concurrency` keep-alive connections posting `body`. */
export async function runRawLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const payload = Buffer.from(opts.body);
  const headers = { host: target.host, "content-type": "application/json", "content-length": String(payload.length), ...opts.headers };
  const request = Buffer.concat([
    Buffer.from(
      `POST ${target.pathname}${target.search} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}\r\n`,
    ),
    payload,
  ]);
  const latencies: number[] = [];
  let non200 = 0;
  let bodyBytes = 0;
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const connection = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
      let buf: Buffer<ArrayBufferLike> = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        sentAt = performance.now();
        socket.write(request);
      };
      socket.once("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const done = responseEnd(buf);
        if (!done) return;
        const now = performance.now();
        if (sentAt >= measureFrom) {
          latencies.push(now - sentAt);
          bodyBytes = done.bodyBytes;
          if (done.status !== 200) non200 += 1;
        }
        buf = buf.subarray(done.end);
        if (now < end) send();
        else {
          socket.end();
          resolve();
        }
      });
      socket.once("error", reject);
      socket.once("close", () => (performance.now() < end ? reject(new Error("the server closed a connection")) : resolve()));
    });
  await Promise.all(Array.from({ length: opts.concurrency }, connection));
  return loadResult(latencies, (Math.min(performance.now(), end) - measureFrom) / 1000, non200, bodyBytes);
}
