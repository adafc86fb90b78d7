import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { describe, expect, it } from "vitest";
import { memoizeDateSerialization } from "./date-scalar.js";

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: "Query", fields: { at: { type: DateTimeISOResolver }, s: { type: GraphQLString } } }),
});
const original = DateTimeISOResolver.serialize.bind(DateTimeISOResolver);
const outcome = (f: (v: unknown) => unknown, v: unknown) => {
  try {
    return { value: f(v) };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe("memoizeDateSerialization", () => {
  it("answers as DateTimeISO does, for Dates reused, changed or invalid and for other values", () => {
    expect(memoizeDateSerialization(schema)).toBe(true);
    expect(memoizeDateSerialization(schema)).toBe(true); // installed once
    const serialize = (v: unknown) => DateTimeISOResolver.serialize(v);
    const d = new Date("2026-11-30T04:13:00.123Z");
    const values: unknown[] = [d, d, "2026-11-30T04:13:00.1234567Z", "nope", 0, new Date(Number.NaN), {}, null];
    for (const v of values) expect(outcome(serialize, v)).toEqual(outcome(original, v));
    expect(serialize(d)).toBe("2026-11-30T04:13:00.123Z");
    d.setTime(0);
    expect(serialize(d)).toBe("1970-01-01T00:00:00.000Z");
    d.setTime(Number.NaN);
    expect(outcome(serialize, d)).toEqual(outcome(original, d));
    expect(memoizeDateSerialization(schema, "Nope")).toBe(false);
  });
});
