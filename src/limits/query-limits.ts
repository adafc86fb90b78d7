import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from "graphql";
import { maxDepthRule } from "./depth.rule.js";
import { queryTooComplex, type QueryLimitName } from "./limit.errors.js";
import { maxRootFieldsRule } from "./root-fields.rule.js";
import { DEFAULT_MAX_VARIABLES_DEPTH } from "./variables-depth.js";

/** Static limits on one GraphQL document, shared by HTTP, WebSocket and SSE. */
export interface QueryLimitSettings {
  /**
   * Deepest selection path, a connection's `edges { node }` counting as one level and fragments as none (introspection
   * not counted); a path that uses a field with a selection twice (a loop) is refused too. Default 8. See depth.rule.ts.
   */
  maxDepth: number;
  /** Aliased fields per operation (`__typename` free). Default 15. */
  maxAliases: number;
  /** Directive uses per operation. Default 50. */
  maxDirectives: number;
  /** Lexer tokens per document, enforced by graphql-js while parsing. Default 1,000. */
  maxTokens: number;
  /**
   * graphql-armor cost: objects 2, scalars 1, ×1.5 per nesting level, × literal `first`/`last`. Default 5,000.
   * A `first` given as a variable counts once; list fields are capped at 100 items by the resolvers anyway.
   */
  maxCost: number;
  /** Top-level fields per operation. Default 10. */
  maxRootFields: number;
  /** Most levels of nested objects/arrays in `variables` (checked before parsing them further). Default 32. */
  maxVariablesDepth?: number;
}

/** graphql-armor's defaults (depth measured by connections, see depth.rule.ts), plus a root-field cap (reliability anchors §0, §1.3). */
export const DEFAULT_QUERY_LIMITS: QueryLimitSettings = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1_000,
  maxCost: 5_000,
  maxRootFields: 10,
  maxVariablesDepth: DEFAULT_MAX_VARIABLES_DEPTH,
};

/** What HTTP (Apollo `validationRules`/`parseOptions`) and the live transports (`OperationLimits`) take. */
export interface QueryLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  /** For `checkVariablesDepth` (src/limits/variables-depth.ts), which every transport calls on arriving variables. */
  maxVariablesDepth: number;
}

const EXCEEDED = /limit of (\d+) exceeded, found (\d+(?:\.\d+)?)/;

/**
 * graphql-armor throws out of `validate` by default; instead, report a QUERY_TOO_COMPLEX error through the
 * validation context so it is collected like any other validation error (HTTP 400, `error` over WebSocket).
 */
const onReject =
  (limit: QueryLimitName, describe: (max: number, found: number) => string) => (context: ValidationContext | null, error: GraphQLError) => {
    const m = EXCEEDED.exec(error.message);
    const max = Number(m?.[1]);
    const found = Math.ceil(Number(m?.[2]));
    context?.reportError(queryTooComplex(limit, describe(max, found), max, Number.isFinite(found) ? found : undefined));
  };

const quiet = { propagateOnRejection: false, exposeLimits: true } as const;

export function createQueryLimits(settings: QueryLimitSettings = DEFAULT_QUERY_LIMITS): QueryLimits {
  return {
    validationRules: [
      maxDepthRule(settings.maxDepth),
      maxAliasesRule({
        ...quiet,
        n: settings.maxAliases,
        onReject: [onReject("aliases", (max, found) => `the operation uses ${found} aliases, more than the limit of ${max}`)],
      }),
      maxDirectivesRule({
        ...quiet,
        n: settings.maxDirectives,
        onReject: [onReject("directives", (max, found) => `the operation uses ${found} directives, more than the limit of ${max}`)],
      }),
      costLimitRule({
        ...quiet,
        maxCost: settings.maxCost,
        onReject: [onReject("cost", (max, found) => `the query's estimated cost ${found} is above the limit of ${max}`)],
      }),
      maxRootFieldsRule(settings.maxRootFields),
    ],
    parseOptions: { maxTokens: settings.maxTokens },
    maxVariablesDepth: settings.maxVariablesDepth ?? DEFAULT_MAX_VARIABLES_DEPTH,
  };
}
