import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./errors.js";

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
// graphql-js 16 spells it "more that".
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * Final touches on a client-facing request error, for every transport: "Did you mean …?" hints are removed
 * (they leak schema names; this one regex replaces graphql-armor's block-field-suggestions plugin, which
 * only covers Apollo's HTTP path), and graphql-js's token-limit parse error becomes QUERY_TOO_COMPLEX.
 */
export function refineClientError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(SUGGESTION, "").trim();
  const tokens = TOO_MANY_TOKENS.exec(message);
  if (tokens) {
    const max = Number(tokens[1]);
    return {
      ...formatted,
      message: `the document has more than ${max} tokens`,
      extensions: { ...formatted.extensions, code: ErrorCode.QUERY_TOO_COMPLEX, limit: "tokens", max },
    };
  }
  return message === formatted.message ? formatted : { ...formatted, message };
}
