/**
 * Closed-loop load from wrk (Debian package `wrk`), for throughput rows where the load generator shares the
 * machine's two cores with what it measures (S3): wrk spends a fraction of the CPU per request that any Node client
 * does, so what is measured is the gateways. Used when `wrk` is on the PATH; load.raw.ts is the fallback.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round, type LoadOptions, type LoadResult } from "./load.js";

/** True when a `wrk` binary answers on the PATH. */
export function wrkAvailable(): boolean {
  const r = spawnSync("wrk", ["--version"], { stdio: "ignore" });
  return !r.error;
}

/** A Lua long string that cannot be closed by anything inside `s`. */
function luaString(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[${s}]${eq}]`;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  non2xx: number;
  socketErrors: number;
}

function runWrk(script: string, url: string, connections: number, seconds: number): Promise<WrkSummary> {
  const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, url], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += String(d)));
  child.stderr.on("data", (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    // "close", not "exit": the summary line may still be in the pipe when the process has exited.
    child.once("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code !== 0 || !line) return reject(new Error(`wrk exited ${code}: ${err || out}`));
      resolve(JSON.parse(line) as WrkSummary);
    });
  });
}

/** The same contract as `runLoad` (bench/lib/load.ts); durations are rounded to whole seconds (wrk's unit). */
export async function runWrkLoad(opts: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  // One request first: it must answer 200, and its body's size is reported as the other clients report it.
  const probe = await fetch(opts.url, { method: "POST", headers, body: opts.body });
  const bodyBytes = (await probe.arrayBuffer()).byteLength;
  if (probe.status !== 200) throw new Error(`load target answered ${probe.status}`);
  const dir = mkdtempSync(join(tmpdir(), "bench-wrk-"));
  const script = join(dir, "post.lua");
  writeFileSync(
    script,
    [
      `wrk.method = "POST"`,
      `wrk.body = ${luaString(opts.body)}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`),
      `done = function(s, latency)`,
      `  io.write(string.format('{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"socketErrors":%d}\\n',`,
      `    s.requests, s.duration, latency:percentile(50), latency:percentile(99), s.errors.status,`,
      `    s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout))`,
      `end`,
    ].join("\n"),
  );
  try {
    if (opts.warmupMs > 0) await runWrk(script, opts.url, opts.concurrency, Math.max(1, Math.round(opts.warmupMs / 1000)));
    const s = await runWrk(script, opts.url, opts.concurrency, Math.max(1, Math.round(opts.durationMs / 1000)));
    if (s.socketErrors > 0) throw new Error(`wrk saw ${s.socketErrors} socket errors`);
    return {
      requests: s.requests,
      rps: round(s.requests / (s.durationUs / 1e6), 0),
      p50Ms: round(s.p50Us / 1000, 2),
      p99Ms: round(s.p99Us / 1000, 2),
      non200: s.non2xx,
      bodyBytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
