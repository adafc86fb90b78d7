import type { Principal } from "../auth/principal.js";
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from "graphql";
import { ErrorCode } from "../errors/errors.js";
import { maskError } from "../errors/mask-error.js";
import { checkVariablesDepth, DEFAULT_MAX_VARIABLES_DEPTH } from "../limits/variables-depth.js";
import type { Logger } from "../logger.js";

/**
 * Limits applied to every operation arriving over WebSocket or SSE: pass the same rules and parser
 * options the HTTP endpoint uses (graphql-ws and graphql-sse run their own parse/validate, so Apollo's
 * `validationRules` would not protect them).
 */
export interface OperationLimits {
  /** Extra validation rules (depth, aliases, cost…), run after graphql-js's specified rules. */
  validationRules?: readonly ValidationRule[];
  /** Parser options, e.g. `maxTokens`. */
  parseOptions?: ParseOptions;
  /**
   * The per-caller rate limit of the HTTP endpoint, charged once per subscribe/operation message: throws a
   * RATE_LIMITED GatewayError when the caller's allowance is used up.
   */
  admit?: (principal: Principal) => Promise<void>;
  /** Most levels of nested objects/arrays in `variables` (`LIMIT_MAX_VARIABLES_DEPTH`); deeper is BAD_REQUEST. Default 32. */
  maxVariablesDepth?: number;
  /**
   * Documents already parsed and validated, by query text (see `createDocumentCache`). Thousands of subscribers
   * usually send the same few documents: they share one AST instead of parsing and validating each their own.
   */
  documents?: DocumentCache;
}

/** Query text → its parsed, validated document (only valid ones are kept); least recently used dropped first. */
export interface DocumentCache {
  get(query: string): DocumentNode | undefined;
  set(query: string, document: DocumentNode): void;
}

/**
 * A bounded cache of validated documents. Validation depends only on the schema and the (static) rules,
 * both fixed for the transports' lifetime, so a document valid once stays valid. `maxEntries` default 500;
 * query texts longer than `maxQueryChars` (default 20,000) are not kept.
 */
export function createDocumentCache(maxEntries = 500, maxQueryChars = 20_000): DocumentCache {
  const entries = new Map<string, DocumentNode>();
  return {
    get(query) {
      const doc = entries.get(query);
      if (doc) {
        // Map order is insertion order: re-inserting marks it most recently used.
        entries.delete(query);
        entries.set(query, doc);
      }
      return doc;
    },
    set(query, document) {
      if (query.length > maxQueryChars) return;
      entries.set(query, document);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

/** A validated operation, ready to execute. */
export interface PreparedOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
  operation: "query" | "mutation" | "subscription";
}

/** Copies a GraphQL error with `extensions.code` set (kept when it already has one). */
export function withCode(e: GraphQLError, code: string): GraphQLError {
  if (typeof e.extensions?.code === "string") return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses and validates `{query, variables, operationName}`; errors carry `extensions.code` like Apollo's. */
export function prepareOperation(
  schema: GraphQLSchema,
  params: { query?: unknown; variables?: unknown; operationName?: unknown },
  limits: OperationLimits,
): PreparedOperation | readonly GraphQLError[] {
  const bad = (message: string) => [new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST } })];
  if (typeof params.query !== "string" || params.query.length === 0) return bad("expected 'query' to be a non-empty string");
  if (params.variables != null && !isRecord(params.variables)) return bad("expected 'variables' to be an object");
  if (params.operationName != null && typeof params.operationName !== "string") return bad("expected 'operationName' to be a string");
  const tooDeep = checkVariablesDepth(params.variables, limits.maxVariablesDepth ?? DEFAULT_MAX_VARIABLES_DEPTH);
  if (tooDeep) return [tooDeep];
  let document = limits.documents?.get(params.query);
  if (!document) {
    try {
      document = parse(params.query, limits.parseOptions);
    } catch (e) {
      return [withCode(e instanceof GraphQLError ? e : new GraphQLError(String(e)), ErrorCode.GRAPHQL_PARSE_FAILED)];
    }
    const errors = validate(schema, document, [...specifiedRules, ...(limits.validationRules ?? [])]);
    if (errors.length > 0) return errors.map((e) => withCode(e, ErrorCode.GRAPHQL_VALIDATION_FAILED));
    limits.documents?.set(params.query, document);
  }
  const operationName = params.operationName ?? undefined;
  const op = getOperationAST(document, operationName);
  if (!op)
    return [
      new GraphQLError("could not determine which operation to run: give 'operationName'", {
        extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE },
      }),
    ];
  return { document, operationName, variableValues: params.variables ?? undefined, operation: op.operation };
}

export const isPrepared = (p: PreparedOperation | readonly GraphQLError[]): p is PreparedOperation => !Array.isArray(p);

/**
 * The error formatter of the live transports: the same masking as HTTP. Errors that graphql-ws wraps
 * around a thrown error (no path, original error set) are judged by the original.
 */
export function createErrorFormatter(logger: Logger, development: boolean): (e: GraphQLError) => GraphQLFormattedError {
  return (e) => {
    const judged = !e.path && e.originalError instanceof GraphQLError ? e.originalError : e;
    return maskError(e.toJSON(), judged, logger, development);
  };
}
