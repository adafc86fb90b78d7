import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { getNamedType, isAbstractType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";

/** What the cache holds per document and operation: a compiled query, or why graphql-js serves it instead. */
export type CompiledEntry = { kind: "compiled"; query: CompiledQuery } | { kind: "fallback"; reason: string };

export interface CompiledQueryCache {
  /**
   * The entry for `source` (the document's text) and `operationName`, compiled from `document` on a miss. Never
   * throws: a document graphql-jit cannot compile is remembered as a fallback (graphql-js executes it).
   */
  get(source: string, operationName: string | null | undefined, document: DocumentNode): CompiledEntry;
  /** Entries held now (≤ `maxEntries`). */
  readonly size: number;
}

/**
 * A bounded LRU of compiled queries keyed by document text and operation name. Each entry is generated code
 * (tens of kB), so the bound is what keeps hostile callers, sending ever new documents, from growing memory:
 * the least recently used entry goes first. Only documents that passed validation (query limits included)
 * reach it.
 */
export function createCompiledQueryCache(schema: GraphQLSchema, maxEntries: number): CompiledQueryCache {
  const entries = new Map<string, CompiledEntry>();
  const asyncTypes = asyncTypeResolvers(schema);

  const compile = (document: DocumentNode, operationName: string | undefined): CompiledEntry => {
    const awaited = asyncTypes.size > 0 ? reachedAbstractType(schema, document, asyncTypes) : null;
    if (awaited) return { kind: "fallback", reason: `abstract type ${awaited} resolves its type asynchronously` };
    try {
      const compiled = compileQuery(schema, document, operationName, {
        // Stack traces of field errors are never shown (maskError), so not capturing them saves time.
        disablingCapturingStackErrors: true,
      });
      if (isCompiledQuery(compiled)) return { kind: "compiled", query: compiled };
      return { kind: "fallback", reason: compiled.errors?.[0]?.message ?? "not compilable" };
    } catch (e) {
      return { kind: "fallback", reason: e instanceof Error ? e.message : String(e) };
    }
  };

  return {
    get(source, operationName, document) {
      const key = `${operationName ?? ""}\u0000${source}`;
      let entry = entries.get(key);
      if (entry) {
        // Refresh: Map iteration order is insertion order, so the first key is the least recently used.
        entries.delete(key);
        entries.set(key, entry);
        return entry;
      }
      entry = compile(document, operationName ?? undefined);
      if (maxEntries > 0) {
        entries.set(key, entry);
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      }
      return entry;
    },
    get size() {
      return entries.size;
    },
  };
}

/** Abstract types whose `resolveType` is an async function: graphql-jit does not await it (graphql-js does). */
function asyncTypeResolvers(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const type of Object.values(schema.getTypeMap()))
    if (isAbstractType(type) && type.resolveType?.constructor.name === "AsyncFunction") out.add(type.name);
  return out;
}

/** The first of `types` the document selects a field of, or null. */
function reachedAbstractType(schema: GraphQLSchema, document: DocumentNode, types: Set<string>): string | null {
  const info = new TypeInfo(schema);
  let found: string | null = null;
  visit(
    document,
    visitWithTypeInfo(info, {
      Field() {
        const type = getNamedType(info.getType());
        if (type && isAbstractType(type) && types.has(type.name)) found ??= type.name;
      },
    }),
  );
  return found;
}
