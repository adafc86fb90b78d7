import { badRequest, type GatewayError } from "../errors/errors.js";

/** Default most levels of nested objects/arrays in an operation's `variables` (`LIMIT_MAX_VARIABLES_DEPTH`). */
export const DEFAULT_MAX_VARIABLES_DEPTH = 32;

/**
 * How deep `value` nests objects and arrays, counting stops at `max + 1`. Iterative, so a hostile
 * 40,000-level array costs a short walk instead of a stack overflow (which is what recursive code such as
 * `JSON.stringify` hits later). `{ a: 1 }` is 1 level, `{ a: [{}] }` 3.
 */
export function variablesDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (typeof child === "object" && child !== null) stack.push([child, level]);
  }
  return deepest;
}

/**
 * The check every transport runs on an operation's variables before anything else touches them (cache
 * key, coercion, logging): a BAD_REQUEST GatewayError (HTTP 400) when they nest deeper than `max`, else null.
 */
export function checkVariablesDepth(variables: unknown, max: number): GatewayError | null {
  if (typeof variables !== "object" || variables === null) return null;
  const depth = variablesDepth(variables, max);
  if (depth <= max) return null;
  const e = badRequest(`variables are nested more than ${max} levels deep (the limit); flatten them`);
  e.extensions.limit = "variablesDepth";
  e.extensions.max = max;
  return e;
}

interface GuardedRequest {
  body?: unknown;
  query?: unknown;
}
interface GuardedResponse {
  status(code: number): { json(body: unknown): void };
}

/**
 * Express middleware for the HTTP endpoint (after the JSON body parser, before Apollo): refuses variables
 * nested deeper than `max`, in a POST body or a GET `variables` parameter, with 400 BAD_REQUEST.
 */
export function variablesDepthGuard(max: number) {
  return (req: GuardedRequest, res: GuardedResponse, next: () => void): void => {
    const body = req.body;
    const query = req.query as Record<string, unknown> | undefined;
    let variables: unknown =
      typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).variables : undefined;
    if (variables === undefined && typeof query?.variables === "string") {
      try {
        variables = JSON.parse(query.variables);
      } catch {
        variables = undefined; // Apollo reports unparsable variables itself
      }
    }
    const refused = checkVariablesDepth(variables, max);
    if (!refused) {
      next();
      return;
    }
    const { http: _http, ...extensions } = refused.extensions;
    res.status(400).json({ errors: [{ message: refused.message, extensions }] });
  };
}
