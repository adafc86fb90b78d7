/** One line of the benchmark's table (printed, written to bench/results/latest.json, rendered into the README). */
export interface BenchRow {
  id: string;
  measure: string;
  /** The gateway's figure. */
  value: string;
  /** The same measure on the baseline, in the same run. */
  baseline: string;
  ratio: string;
  target: string;
  /** null: informative, no target. */
  pass: boolean | null;
}
