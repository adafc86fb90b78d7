import { describe, expect, it } from "vitest";
import type { BenchReport } from "../../bench/lib/history.js";
import { renderRunToRun, renderSection } from "../../bench/readme-table.js";

const machine = { cpu: "AMD EPYC", nproc: 2, memTotalGiB: 23.5, node: "v20", os: "Linux" };
const run = (at: string, fanout: [string, boolean], page: [string, boolean], cpu = machine.cpu): BenchReport => ({
  at,
  quick: false,
  durationS: 300,
  machine: { ...machine, cpu },
  rows: [
    { id: "2b", measure: "alert page", value: "", baseline: "", ratio: page[0], target: "≥ 3×", pass: page[1] },
    { id: "2b-js", measure: "same, graphql-js", value: "", baseline: "", ratio: "2×", target: "(informative)", pass: null },
    {
      id: "3",
      measure: "fan-out 1000 subscribers (20 analysts) × 100 events",
      value: "",
      baseline: "",
      ratio: "1×",
      target: "",
      pass: true,
    },
    {
      id: "3",
      measure: "fan-out 5000 subscribers (20 analysts) × 40 events",
      value: "",
      baseline: "",
      ratio: fanout[0],
      target: "",
      pass: fanout[1],
    },
    { id: "0", measure: "the benchmark itself", value: "", baseline: "", ratio: "–", target: "< 360 s", pass: true },
  ],
});

describe("the README's run-to-run table", () => {
  it("shows each judged row in the newest runs of the same machine, and in how many it met its target", () => {
    const history = [
      run("2026-11-29T10:00:00.000Z", ["0.5×", false], ["1×", false]),
      run("2026-11-30T08:36:00.000Z", ["1.09×", true], ["4.08×", true], "another CPU"),
      run("2026-11-30T08:48:00.000Z", ["0.94×", true], ["3.79×", true]),
      run("2026-11-30T09:00:00.000Z", ["0.96×", false], ["4.11×", false]),
    ];
    const table = renderRunToRun(history.at(-1)!, history);
    const lines = table.split("\n");
    // The last three runs on this machine: the one on another CPU is left out.
    expect(lines[2]).toBe("| # | run of 2026-11-29 10:00 | run of 2026-11-30 08:48 | run of 2026-11-30 09:00 | met in |");
    expect(lines).toContain("| 2b | 1× (**missed**) | 3.79× (met) | 4.11× (**missed**) | 1 of 3 |");
    // Rows sharing an id are told apart by their size; informative rows and the harness's own row are not listed.
    expect(lines).toContain("| 3 (1000 × 100) | 1× (met) | 1× (met) | 1× (met) | 3 of 3 |");
    expect(lines).toContain("| 3 (5000 × 40) | 0.5× (**missed**) | 0.94× (met) | 0.96× (**missed**) | 1 of 3 |");
    expect(table).not.toContain("2b-js");
    expect(lines.filter((l) => l.startsWith("| 0 "))).toEqual([]);
  });

  it("is left out while fewer than two runs are kept", () => {
    const only = run("2026-11-30T09:00:00.000Z", ["1×", true], ["4×", true]);
    expect(renderRunToRun(only, [only])).toBe("");
  });
});

describe("the README's benchmark section", () => {
  const whole = [
    run("2026-11-30T08:48:00.000Z", ["0.94×", true], ["3.79×", true]),
    run("2026-11-30T09:00:00.000Z", ["0.96×", false], ["4.11×", false]),
  ];
  const sharedRun = (at: string, ratio: string, pass: boolean): BenchReport => ({
    at,
    quick: false,
    durationS: 144,
    machine,
    rows: [{ id: "S3", measure: "two replicas vs one", value: "", baseline: "", ratio, target: "≥ 1.6×", pass }],
  });

  it("adds the shared-mode rows' own runs after the whole runs, each table saying which command measured it", () => {
    const shared = [sharedRun("2026-11-30T10:00:00.000Z", "1.2×", false), sharedRun("2026-11-30T10:05:00.000Z", "1.65×", true)];
    const section = renderSection(whole.at(-1)!, whole, shared.at(-1)!, shared);
    const wholeAt = section.indexOf("Measured 2026-11-30 09:00 UTC by `npm run bench`");
    const sharedAt = section.indexOf("Measured 2026-11-30 10:05 UTC by `BENCH_ONLY=shared npm run bench`");
    expect(wholeAt).toBeGreaterThanOrEqual(0);
    expect(sharedAt).toBeGreaterThan(wholeAt);
    expect(section).toContain("| S3 | two replicas vs one |  |  | 1.65× | ≥ 1.6× | yes |");
    expect(section).toContain(
      "The same judged rows in the last 2 runs of the shared-mode rows on this machine (`bench/results/history-shared/`)",
    );
    expect(section).toContain("| S3 | 1.2× (**missed**) | 1.65× (met) | 1 of 2 |");
    // the run times it cites are the runs' own (shared 144 s, whole 300 s)
    expect(section).toContain("rows S1–S3 took 2.4 minutes in the run below, which a whole run (5 of its 6 minutes in the run above)");
  });

  it("is the whole run's tables alone while no shared-mode run was kept", () => {
    const section = renderSection(whole.at(-1)!, whole, null, []);
    expect(section).not.toContain("Shared mode");
    expect(section).not.toContain("BENCH_ONLY=shared");
  });
});
