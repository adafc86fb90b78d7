import { describe, expect, it } from "vitest";
import { parseFilter } from "../../src/simulator/odata.parser.js";
import { ALERT_SCHEMA, applyListQuery, parseListQuery } from "../../src/simulator/odata.query.js";

const rows = [
  {
    id: "a",
    status: "New",
    severity: "High",
    incidentId: 1,
    assignedTo: null,
    lastUpdateTime: "2025-01-01T00:00:00.000Z",
    alertCreationTime: "2025-01-01T00:00:00Z",
  },
  {
    id: "b",
    status: "InProgress",
    severity: "Low",
    incidentId: 2,
    assignedTo: "o'brien@x",
    lastUpdateTime: "2025-01-02T00:00:00.000Z",
    alertCreationTime: "2025-01-01T00:00:00Z",
  },
  {
    id: "c",
    status: "Resolved",
    severity: "High",
    incidentId: 3,
    assignedTo: "bob@x",
    lastUpdateTime: "2025-01-03T12:00:00.000Z",
    alertCreationTime: "2025-01-01T00:00:00Z",
  },
];
const run = (filter: string): string[] =>
  applyListQuery(rows, parseListQuery(new URLSearchParams({ $filter: filter }), ALERT_SCHEMA, [])).map((r) => r.id);

describe("OData $filter", () => {
  it("binds 'and' tighter than 'or' and honours parentheses", () => {
    expect(run("status eq 'New' or status eq 'Resolved' and severity eq 'Low'")).toEqual(["a"]);
    expect(run("(status eq 'New' or status eq 'Resolved') and severity eq 'High'")).toEqual(["a", "c"]);
    expect(parseFilter("a eq 1 or b eq 2 and c eq 3")).toMatchObject({ kind: "or", right: { kind: "and" } });
  });

  it("compares datetimes unquoted, quoted, with offsets and 7 fractional digits", () => {
    expect(run("lastUpdateTime ge 2025-01-02T00:00:00Z")).toEqual(["b", "c"]);
    expect(run("lastUpdateTime gt '2025-01-02T00:00:00Z'")).toEqual(["c"]);
    expect(run("lastUpdateTime lt 2025-01-03T13:00:00+02:00")).toEqual(["a", "b"]);
    expect(run("lastUpdateTime le 2025-01-01T00:00:00.0000000Z")).toEqual(["a"]);
  });

  it("handles numbers, null, escaped quotes, startswith, not and case-insensitive names", () => {
    expect(run("incidentId gt 1 and incidentId lt 3")).toEqual(["b"]);
    expect(run("assignedTo eq null")).toEqual(["a"]);
    expect(run("assignedTo ne null")).toEqual(["b", "c"]);
    expect(run("assignedTo eq 'o''brien@x'")).toEqual(["b"]);
    expect(run("startswith(assignedTo,'BOB')")).toEqual(["c"]);
    expect(run("not startswith(assignedTo,'bob')")).toEqual(["a", "b"]);
    expect(run("STATUS eq 'new'")).toEqual(["a"]);
    expect(run("startswith(status,'In') eq true")).toEqual(["b"]);
  });

  it("rejects malformed input", () => {
    for (const bad of [
      "",
      "status",
      "status eq 'x' or",
      "status eq 'x')",
      "eq 'x'",
      "status eq 'x' status eq 'y'",
      "foo(status,'x')",
      "status eq #",
    ]) {
      expect(() => run(bad), bad).toThrow();
    }
  });
});
