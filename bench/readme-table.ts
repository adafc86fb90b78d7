/**
 * `npm run bench:readme`: rewrites the README's benchmark table from `bench/results/latest.json` (what the last
 * `npm run bench` wrote), between the `<!-- bench:begin -->` and `<!-- bench:end -->` markers, with the machine
 * and the date of the run. A row that missed its target says so in the "met" column; the table is never edited
 * by hand, so it cannot claim more than the run measured. Below it, the judged rows of the last whole runs on the same
 * machine (`bench/results/history/`): each run's ratio and whether it met its target. Then the same two tables for the
 * shared-mode rows S1–S3 from their own runs (`BENCH_ONLY=shared`: `bench/results/shared.json` and
 * `bench/results/history-shared/`), which no whole run includes. `--check` exits 1 when the README differs.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import prettier from "prettier";
import { readHistory, type BenchReport as Report } from "./lib/history.js";
import type { BenchRow } from "./lib/row.js";

/** Whole runs the run-to-run table shows (the newest, on the machine of the latest run). */
const RUNS_SHOWN = 3;

const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";
const README = new URL("../README.md", import.meta.url);
const LATEST = new URL("./results/latest.json", import.meta.url);
const SHARED = new URL("./results/shared.json", import.meta.url);

/** What a table's sentences say about the runs it shows. */
interface RunKind {
  /** The command that measured them, as Markdown. */
  command: string;
  /** The runs the run-to-run table compares, and where they are kept. */
  runs: string;
}
const WHOLE: RunKind = { command: "`npm run bench`", runs: "whole runs on this machine (`bench/results/history/`)" };
const SHARED_RUNS: RunKind = {
  command: "`BENCH_ONLY=shared npm run bench`",
  runs: "runs of the shared-mode rows on this machine (`bench/results/history-shared/`)",
};

/** Markdown cells cannot hold a bare `|`. */
const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderTable(report: Report, kind: RunKind = WHOLE): string {
  const m = report.machine;
  const misses = report.rows.filter((r) => r.pass === false).map((r) => r.id);
  const lines = [
    `Measured ${report.at.slice(0, 16).replace("T", " ")} UTC by ${kind.command}${report.quick ? " (`BENCH_QUICK=1`: shorter loads, fewer events and alerts)" : ""} ` +
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

/** Row keys that tell apart rows sharing an id (#3 runs at two sizes): the id and its ordinal among them. */
const keyed = (rows: readonly BenchRow[]) => {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const n = (seen.get(r.id) ?? 0) + 1;
    seen.set(r.id, n);
    return { key: `${r.id}#${n}`, row: r };
  });
};

/** A short name for a row in the run-to-run table: its id, and the size of a row whose id repeats. */
const label = (r: BenchRow, rows: readonly BenchRow[]) => {
  if (rows.filter((x) => x.id === r.id).length === 1) return r.id;
  const size = /(\d[\d,]*) subscribers[^×]*× (\d[\d,]*) events/.exec(r.measure);
  return size ? `${r.id} (${size[1]} × ${size[2]})` : r.id;
};

/**
 * The judged rows of the newest whole runs on the latest run's machine (same CPU model and count), oldest first: each
 * run's ratio and verdict, and in how many of them a row met its target. Empty when fewer than two runs are kept.
 */
export function renderRunToRun(latest: Report, history: readonly Report[], kind: RunKind = WHOLE): string {
  const same = history.filter((h) => !h.quick && h.machine.cpu === latest.machine.cpu && h.machine.nproc === latest.machine.nproc);
  const runs = same.slice(-RUNS_SHOWN);
  if (runs.length < 2) return "";
  const judged = keyed(latest.rows).filter(({ row }) => row.pass !== null && row.id !== "0");
  const header = runs.map((r) => `run of ${r.at.slice(0, 16).replace("T", " ")}`);
  const lines = [
    `The same judged rows in the last ${runs.length} ${kind.runs}, oldest first: ` +
      "one run is noisy here (the baselines themselves move between runs), so read a row by how many runs met it.",
    "",
    `| # | ${header.join(" | ")} | met in |`,
    `| --- | ${header.map(() => "---").join(" | ")} | --- |`,
    ...judged.map(({ key, row }) => {
      const cells = runs.map((run) => keyed(run.rows).find((k) => k.key === key)?.row);
      const met = cells.filter((c) => c?.pass === true).length;
      const shown = cells.map((c) => (c ? `${c.ratio} (${c.pass ? "met" : "**missed**"})` : "–"));
      return `| ${[label(row, latest.rows), ...shown, `${met} of ${runs.length}`].map(cell).join(" | ")} |`;
    }),
  ];
  return lines.join("\n");
}

export function spliceReadme(readme: string, table: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
  return `${readme.slice(0, start + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** Seconds as minutes with one decimal (118 → "2"; 255 → "4.3"). */
const minutes = (s: number): string => String(Math.round(s / 6) / 10);

/**
 * The README's whole benchmark section: the latest whole run and its run-to-run table, then (when a shared-mode run
 * was kept) the shared-mode rows' latest run and theirs.
 */
export function renderSection(latest: Report, history: readonly Report[], shared: Report | null, sharedHistory: readonly Report[]): string {
  const parts = [renderTable(latest), renderRunToRun(latest, history)];
  if (shared)
    parts.push(
      "Shared mode (Redis, replicas with read mirrors) is measured by runs of their own: rows S1–S3 took " +
        `${minutes(shared.durationS)} minutes in the run below, which a whole run (${minutes(latest.durationS)} of its 6 ` +
        "minutes in the run above) has no room for.",
      renderTable(shared, SHARED_RUNS),
      renderRunToRun(shared, sharedHistory, SHARED_RUNS),
    );
  return parts.filter(Boolean).join("\n\n");
}

async function main(): Promise<void> {
  const report = JSON.parse(readFileSync(LATEST, "utf8")) as Report;
  const shared = existsSync(SHARED) ? (JSON.parse(readFileSync(SHARED, "utf8")) as Report) : null;
  const before = readFileSync(README, "utf8");
  // Formatted as `prettier --check .` (part of `npm run lint`) wants the README, so lint and this script agree.
  const options = await prettier.resolveConfig(fileURLToPath(README));
  const section = renderSection(report, readHistory(), shared, readHistory("shared"));
  const after = await prettier.format(spliceReadme(before, section), { ...options, parser: "markdown" });
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
