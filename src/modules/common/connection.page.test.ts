import { describe, expect, it } from "vitest";
import type { GraphQLError } from "graphql";
import { connectionOf, pageSize } from "./connection.page.js";

const bounds = { default: 25, max: 100 };

const refusal = (first: number): GraphQLError => {
  try {
    pageSize(first, bounds);
  } catch (e) {
    return e as GraphQLError;
  }
  throw new Error(`first ${first} was accepted`);
};

describe("connection pages", () => {
  it("takes the default without `first`, and any integer from 1 to the bound", () => {
    expect(pageSize(undefined, bounds)).toBe(25);
    expect(pageSize(null, bounds)).toBe(25);
    expect(pageSize(1, bounds)).toBe(1);
    expect(pageSize(100, bounds)).toBe(100);
  });

  it.each([0, -1, 101, 2.5, Number.NaN])("refuses first = %s with BAD_USER_INPUT on the field first", (first) => {
    const e = refusal(first);
    expect(e.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(e.message).toBe(`first: expected an integer from 1 to 100, but got ${first}`);
  });

  it("pairs each item with its cursor and reports the page's ends", () => {
    const c = connectionOf([1, 2, 3], ["c1", "c2", "c3"], (n) => n * 10, { hasNextPage: true, after: "c0" });
    expect(c.edges).toEqual([
      { cursor: "c1", node: 10 },
      { cursor: "c2", node: 20 },
      { cursor: "c3", node: 30 },
    ]);
    expect(c.pageInfo).toEqual({ hasNextPage: true, endCursor: "c3", hasPreviousPage: true, startCursor: "c1" });
  });

  it("answers an empty first page with null cursors", () => {
    const c = connectionOf([], [], (n: number) => n, { hasNextPage: false, after: undefined });
    expect(c).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null } });
  });
});
