/**
 * The programs the benchmark starts (the gateway, the simulator, the baselines), each bundled once per bench process
 * into one ES module by esbuild, with the options tsx gives esbuild for each file (target this Node, names kept,
 * whitespace minified): the same code, started with the same Node flags, without tsx's loader thread, which is asked
 * about every module a program loads. On the 2-vCPU machine of 2026-12-01 a gateway took 4.2–4.9 s to listen through
 * tsx and 2.5–2.7 s from its bundle, and a bench run starts a dozen gateways and as many other programs (the Docker
 * image, too, runs compiled JavaScript, not tsx).
 *
 * Bundles live in the repository, two folders below its root: their packages resolve from `node_modules` as the
 * sources' do, and a `new URL("../../schema/…", import.meta.url)` (src/graphiql, bench/baseline) reaches the same
 * folder. One folder per bench process (several may run at once), removed when the process exits.
 */
import { rmdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { build } from "esbuild";

const built = new Map<string, Promise<string>>();

/**
 * Path of `entry` (relative to `root`, e.g. "src/main.ts") bundled, built on the first call for that entry (≈ 1 s for
 * the gateway); a build error rejects.
 */
export function bundled(root: string, entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    const dir = join(root, ".bench-build", String(process.pid));
    if (built.size === 0)
      process.once("exit", () => {
        rmSync(dir, { recursive: true, force: true });
        try {
          rmdirSync(dirname(dir)); // only when no other bench process still has a folder there
        } catch {
          // not empty, or already gone
        }
      });
    const outfile = join(dir, `${basename(dirname(entry))}-${basename(entry, ".ts")}.mjs`);
    out = build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: `node${process.versions.node}`,
      tsconfig: join(root, "tsconfig.json"),
      keepNames: true,
      minifyWhitespace: true,
      logLevel: "error",
    }).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}
