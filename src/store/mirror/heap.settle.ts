/** V8's collector as `--expose-gc` exposes it (`globalThis.gc`). */
export type ExposedGc = () => void;

/**
 * One full garbage collection, if the process was started with `--expose-gc` (`GATEWAY_NODE_FLAGS`). Why: a replica
 * builds its read mirror from Redis in seconds, 100,000s of items; right after, V8 is still promoting the build's
 * survivors and marking its garbage in pauses of 10–40 ms, and those land on the first requests the replica takes
 * (bench row S1 on a 2-vCPU machine: every filtered page slower than 20 ms, up to 180 ms, fell in the first second
 * after ready; its p99 missed 50 ms in three runs of three). Run once before the replica reports ready, the
 * collection (≈ 0.26 s at 100,000 alerts) takes that work out of the first requests: S1 met its target in two runs
 * of three with it (p99 12–20 ms; the third had one 66 ms page).
 *
 * Not through the inspector protocol (`HeapProfiler.collectGarbage`, which needs no flag): that one is V8's
 * low-memory collection, which also shrinks the young generation to its minimum, and its regrowth under the first
 * requests cost as much as it saved (measured: S1 p99 36–50 ms, 0.7 s more to ready).
 *
 * Returns the time it took (ms), or null when `gc` is not exposed (nothing done).
 */
export function settleHeap(gc: ExposedGc | undefined = (globalThis as { gc?: ExposedGc }).gc): number | null {
  if (typeof gc !== "function") return null;
  const started = performance.now();
  gc();
  return Math.round(performance.now() - started);
}
