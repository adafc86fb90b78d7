import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createCompiledQueryCache } from "./compiled-query.cache.js";

const schema = buildSchema(`
  interface Node { id: ID! }
  type Thing implements Node { id: ID! n: Int }
  type Query { thing(n: Int): Thing node: Node }
`);
const doc = (n: number) => {
  const source = `query Q${n} { thing(n: ${n}) { id n } }`;
  return { source, document: parse(source), name: `Q${n}` };
};

describe("compiled-query cache", () => {
  it("compiles a document once per text and operation name", () => {
    const cache = createCompiledQueryCache(schema, 10);
    const d = doc(1);
    const first = cache.get(d.source, d.name, d.document);
    expect(first.kind).toBe("compiled");
    expect(cache.get(d.source, d.name, parse(d.source))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it("holds at most maxEntries, dropping the least recently used", () => {
    const cache = createCompiledQueryCache(schema, 3);
    const [a, b, c, d] = [doc(1), doc(2), doc(3), doc(4)];
    const ea = cache.get(a.source, a.name, a.document);
    const eb = cache.get(b.source, b.name, b.document);
    cache.get(c.source, c.name, c.document);
    expect(cache.get(a.source, a.name, a.document)).toBe(ea); // a is now the most recently used
    cache.get(d.source, d.name, d.document);
    expect(cache.size).toBe(3);
    expect(cache.get(a.source, a.name, a.document)).toBe(ea);
    expect(cache.get(b.source, b.name, b.document)).not.toBe(eb); // b was dropped and compiled anew
    expect(cache.size).toBe(3);
  });

  it("keeps nothing with maxEntries 0", () => {
    const cache = createCompiledQueryCache(schema, 0);
    const a = doc(1);
    expect(cache.get(a.source, a.name, a.document).kind).toBe("compiled");
    expect(cache.size).toBe(0);
  });

  it("remembers documents it cannot compile as fallbacks (an abstract type resolved asynchronously)", () => {
    const asyncSchema = buildSchema(`interface Node { id: ID! } type Thing implements Node { id: ID! } type Query { node: Node }`);
    const node = asyncSchema.getType("Node") as { resolveType?: unknown };
    node.resolveType = async () => Promise.resolve("Thing");
    const cache = createCompiledQueryCache(asyncSchema, 10);
    const source = "{ node { id } }";
    const entry = cache.get(source, undefined, parse(source));
    expect(entry).toMatchObject({ kind: "fallback", reason: expect.stringContaining("Node") });
  });
});
