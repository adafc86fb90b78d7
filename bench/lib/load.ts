import http from "node:http";

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non200: number;
  /** Bytes of one response body (the last one). */
  bodyBytes: number;
}

/** What every load generator here takes: `concurrency` keep-alive connections POSTing `body` to `url`. */
export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  concurrency: number;
  /** Measured time, ms (after `warmupMs`, which is not counted). */
  durationMs: number;
  warmupMs: number;
}

/** The result of a closed-loop load from each request's latency (ms) over `elapsedS` measured seconds. */
export function loadResult(latencies: number[], elapsedS: number, non200: number, bodyBytes: number): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: round(latencies.length / elapsedS, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    non200,
    bodyBytes,
  };
}

/**
 * Closed-loop load: `concurrency` keep-alive connections each POSTing `body` back to back for `durationMs`
 * (after `warmupMs` that is not counted). node:http rather than fetch, to keep the client's own cost low.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const payload = Buffer.from(opts.body);
  const headers = { "content-type": "application/json", "content-length": String(payload.length), ...opts.headers };
  const once = () =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers },
        (res) => {
          let bytes = 0;
          res.on("data", (c: Buffer) => (bytes += c.length));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const latencies: number[] = [];
  let non200 = 0;
  let bodyBytes = 0;
  let measuring = false;
  const start = performance.now();
  const end = start + opts.warmupMs + opts.durationMs;
  let measureStart = 0;
  const timer = setTimeout(() => {
    measuring = true;
    measureStart = performance.now();
  }, opts.warmupMs);
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const r = await once();
        if (!measuring) continue;
        latencies.push(performance.now() - t0);
        bodyBytes = r.bytes;
        if (r.status !== 200) non200 += 1;
      }
    }),
  );
  clearTimeout(timer);
  const elapsed = (performance.now() - measureStart) / 1000;
  agent.destroy();
  return loadResult(latencies, elapsed, non200, bodyBytes);
}
