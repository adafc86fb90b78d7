import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from "graphql";
import { createCompiledQueryCache, type CompiledQueryCache } from "./compiled-query.cache.js";

/** Which executor runs HTTP queries and mutations (`EXECUTION_ENGINE`). */
export type ExecutionEngineName = "jit" | "graphql-js";

export interface ExecutionEngineOptions {
  /** Default `jit`. */
  engine?: ExecutionEngineName;
  /** Compiled queries kept (least recently used dropped first); 0 compiles every request anew. Default 500. */
  maxCompiledQueries?: number;
}

/** One validated operation to run: what Apollo hands its executor. */
export interface Operation {
  schema?: GraphQLSchema;
  /** The document's text (the cache key with the operation name). */
  source: string;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  contextValue: unknown;
  /** The root value: absent for HTTP operations; a live event's log record when a subscription renders it. */
  rootValue?: unknown;
}

export interface ExecutionEngine {
  readonly name: ExecutionEngineName;
  run(op: Operation): Promise<ExecutionResult>;
  /** The compiled-query cache (jit only). */
  readonly cache: CompiledQueryCache | null;
}

/**
 * Executes validated operations, compiled by graphql-jit (default) or interpreted by graphql-js.
 *
 * With `jit`, each document (text + operation name) is compiled once into a JavaScript function and kept in a
 * bounded LRU ({@link createCompiledQueryCache}); the same resolvers run, in the same order per field, with the same
 * context, so DataLoader batching, errors and partial results behave as under graphql-js. graphql-js still serves:
 * - documents graphql-jit refuses to compile, and documents reaching an abstract type whose `resolveType` is async
 *   (type-graphql makes every one async; `buildGatewaySchema` restores sync ones): the cache remembers them as fallbacks;
 * - a request whose variables do not coerce (jit answered without `data`): it is run again by graphql-js, which
 *   runs no resolver either, so the error messages (and Apollo's `BAD_USER_INPUT` mapping, which matches their
 *   wording) are graphql-js's, byte for byte;
 * - nothing else: a subscription's events are rendered here too, one run per event and group with the event's log
 *   record as root value (`Operation.rootValue`); the subscription itself (its stream) is the live engine's.
 */
export function createExecutionEngine(schema: GraphQLSchema, opts: ExecutionEngineOptions = {}): ExecutionEngine {
  const name = opts.engine ?? "jit";
  const interpret = (op: Operation): Promise<ExecutionResult> =>
    Promise.resolve(
      execute({
        schema,
        document: op.document,
        operationName: op.operationName,
        variableValues: op.variables,
        contextValue: op.contextValue,
        rootValue: op.rootValue,
      }),
    );
  if (name === "graphql-js") return { name, run: interpret, cache: null };

  const cache = createCompiledQueryCache(schema, opts.maxCompiledQueries ?? 500);
  return {
    name,
    cache,
    async run(op) {
      const entry = cache.get(op.source, op.operationName, op.document);
      if (entry.kind === "fallback") return interpret(op);
      const result = await entry.query.query(op.rootValue, op.contextValue, op.variables ?? {});
      // No data at all: the variables did not coerce (no resolver ran); graphql-js words that error canonically.
      if (result.data === undefined && result.errors?.length) return interpret(op);
      return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    },
  };
}

/**
 * graphql-jit's errors only look like graphql-js's: `extensions` is missing unless the thrown error had some (Apollo's
 * formatting reads `extensions.code` and would fail), and they are not constructed by graphql-js. The same error as
 * graphql-js builds it (message, path, original error and its extensions), with jit's locations.
 */
function asGraphQLJsError(e: GraphQLError): GraphQLError {
  const original = e.originalError ?? undefined;
  const out = new GraphQLError(e.message, { path: e.path, originalError: original, extensions: e.extensions ?? undefined });
  (out as { locations?: readonly SourceLocation[] }).locations = e.locations;
  return out;
}
