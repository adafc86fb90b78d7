/**
 * The newest whole runs of `npm run bench` (not `BENCH_ONLY` subsets, not `BENCH_QUICK`), one file each in
 * `bench/results/history/`, committed beside `latest.json`: one run on a shared 2-vCPU machine is noisy (a baseline
 * alone moved 1.7× between runs), so the README shows how each judged row fared in each of the last runs.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { BenchRow } from "./row.js";

/** What `npm run bench` writes (`latest.json`, and each history file). */
export interface BenchReport {
  at: string;
  quick: boolean;
  durationS: number;
  machine: { cpu: string; nproc: number; memTotalGiB: number; node: string; os: string };
  rows: BenchRow[];
}

/** Runs kept in the history (older files are deleted when a run is added). */
export const HISTORY_KEPT = 5;

/**
 * Which history: `whole` runs (`bench/results/history/`), or runs of the shared-mode rows alone
 * (`BENCH_ONLY=shared`, `bench/results/history-shared/`), which are not part of a whole run.
 */
export type HistoryKind = "whole" | "shared";

const dirOf = (kind: HistoryKind) => new URL(kind === "whole" ? "../results/history/" : "../results/history-shared/", import.meta.url);

/** Adds `report` to the history of its kind and drops the oldest beyond `HISTORY_KEPT`. */
export function keepInHistory(report: BenchReport, kind: HistoryKind = "whole"): void {
  const dir = dirOf(kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${report.at.replace(/:/g, "-")}.json`, dir), `${JSON.stringify(report, null, 2)}\n`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const f of files.slice(0, Math.max(0, files.length - HISTORY_KEPT))) rmSync(new URL(f, dir));
}

/** The history's runs, oldest first (none when there is no history yet). */
export function readHistory(kind: HistoryKind = "whole"): BenchReport[] {
  const dir = dirOf(kind);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as BenchReport);
}
