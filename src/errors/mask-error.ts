import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "../logger.js";
import { refineClientError } from "./client-error.js";
import { ErrorCode, isGatewayError } from "./errors.js";
import { fromStoreError } from "./store-error.mapper.js";

/** Codes of request errors (Apollo's own and the transports'); their messages are safe to show. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.BAD_REQUEST,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/**
 * Passes the gateway's own errors and GraphQL request errors through, turns store refusals (version
 * conflicts, bad or expired cursors) into their client errors, and replaces everything else with
 * INTERNAL_SERVER_ERROR (logged with the original), so no stack, store internals, upstream secret or other
 * tenant's data leaks through an error message.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, development: boolean): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // Apollo wraps validation errors (incl. our query-limit rule's QUERY_TOO_COMPLEX) in its own ValidationError.
  const original =
    !isGatewayError(unwrapped) && unwrapped instanceof GraphQLError && isGatewayError(unwrapped.originalError) && !formatted.path
      ? unwrapped.originalError
      : unwrapped;
  const mapped = isGatewayError(original)
    ? original
    : (fromStoreError(original) ?? (original instanceof GraphQLError ? fromStoreError(original.originalError) : null));
  if (mapped) {
    const { http: _http, ...extensions } = mapped.extensions as Record<string, unknown>;
    return { ...formatted, message: mapped.message, extensions };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && CLIENT_CODES.has(code)) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return refineClientError({ ...formatted, extensions });
  }
  logger.error({ err: original, path: formatted.path }, "unexpected error in GraphQL execution");
  return {
    message: development && original instanceof Error ? `internal error: ${original.message}` : "internal server error",
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
