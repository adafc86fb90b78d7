/**
 * Node.js flags the gateway process is started with: `npm start`, `npm run dev`, the Docker image's CMD and the
 * benchmark's gateways all pass exactly these (test/process/node-flags.test.ts checks that they agree). They cannot
 * be set from inside the process: V8 sizes its heap before any module runs.
 *
 * - `--max-semi-space-size=64` (MiB; Node 20's default is 16): a backfill parses 3.5 MB upstream pages and keeps
 *   most of what it maps, so a young generation 4× the default collects less often and copies the kept alerts
 *   fewer times. Measured with alternating backfills of 125,000 alerts on 2 vCPUs: gateway CPU per alert 105 µs
 *   instead of 129 µs (median of 4), no change in RSS per alert after a full GC; the idle process holds ≈ 40 MB
 *   more RSS.
 * - `--expose-gc`: lets a shared-mode replica run one full garbage collection after building its read mirror and
 *   before it reports ready (`settleHeap`, src/store/mirror/heap.settle.ts), so the build's garbage is not collected
 *   under its first requests. Without the flag the replica skips that step and works as before.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64", "--expose-gc"];
