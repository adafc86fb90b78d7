/**
 * `npm run bench:readme`: rewrites the README's benchmark table from `bench/results/latest.json` (what the last
 * `npm run bench` wrote), between the `<!-- bench:begin -->` and `<!-- bench:end -->` markers, with the machine
 * and the date of the run. A row that missed its target says so in the "met" column; the table is never edited
 * by hand, so it cannot claim more than the run measured. `--check` exits 1 when the README differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import prettier from "prettier";
import type { BenchRow } from "./lib/row.js";

interface Report {
  at: string;
  quick: boolean;
  durationS: number;
  machine: { cpu: string; nproc: number; memTotalGiB: number; node: string; os: string };
  rows: BenchRow[];
}

const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";
const README = new URL("../README.md", import.meta.url);
const LATEST = new URL("./results/latest.json", import.meta.url);

/** Markdown cells cannot hold a bare `|`. */
const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderTable(report: Report): string {
  const m = report.machine;
  const misses = report.rows.filter((r) => r.pass === false).map((r) => r.id);
  const lines = [
    `Measured ${report.at.slice(0, 16).replace("T", " ")} UTC by \`npm run bench\`${report.quick ? " (`BENCH_QUICK=1`: shorter loads, fewer events and alerts)" : ""} ` +
      `in ${report.durationS} s on ${m.nproc} vCPU (${m.cpu}), ${m.memTotalGiB} GiB RAM, Node ${m.node}, ${m.os}; ` +
      "gateway, baselines, simulator and load generator share those cores. Every ratio compares with a baseline measured in the same run. " +
      (misses.length === 0
        ? "Every row met its target."
        : `**Missed their targets: ${misses.join(", ")}** (the "met" column says which part).`),
    "",
    "| # | measure | gateway | baseline (same run) | ratio | target | met |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...report.rows.map(
      (r) =>
        `| ${[r.id, r.measure, r.value, r.baseline, r.ratio, r.target, r.pass === null ? "–" : r.pass ? "yes" : "**NO**"].map(cell).join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}

export function spliceReadme(readme: string, table: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
  return `${readme.slice(0, start + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

async function main(): Promise<void> {
  const report = JSON.parse(readFileSync(LATEST, "utf8")) as Report;
  const before = readFileSync(README, "utf8");
  // Formatted as `prettier --check .` (part of `npm run lint`) wants the README, so lint and this script agree.
  const options = await prettier.resolveConfig(fileURLToPath(README));
  const after = await prettier.format(spliceReadme(before, renderTable(report)), { ...options, parser: "markdown" });
  if (process.argv.includes("--check")) {
    if (before !== after) {
      console.error("README.md's benchmark table differs from bench/results/latest.json: run `npm run bench:readme`.");
      process.exit(1);
    }
    return;
  }
  writeFileSync(README, after);
  console.log(`README.md: benchmark table of ${report.at} (${report.rows.length} rows)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
