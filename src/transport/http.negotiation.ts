import { getOperationAST, OperationTypeNode, parse, type ParseOptions } from "graphql";
import Negotiator from "negotiator";

/**
 * Content negotiation of GraphQL-over-HTTP requests: which handler answers. A query or mutation goes to
 * the JSON handler (Apollo) whatever else Accept lists (urql sends `…, text/event-stream, multipart/mixed`
 * on every request); a subscription goes to an event stream when Accept names one explicitly.
 */

/** How a streamed response is framed. */
export type StreamFraming = "sse" | "multipart";

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
  order: number;
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, order) => {
      const [type = "", ...rest] = part.split(";").map((s) => s.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf("=");
        if (eq > 0)
          params.set(
            p.slice(0, eq).trim().toLowerCase(),
            p
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/, "$1"),
          );
      }
      const q = params.has("q") ? Number(params.get("q")) : 1;
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type.length > 0 && r.q > 0);
}

/**
 * The stream framing a client explicitly accepts, best first (by q, then by its order), or null. Only
 * explicit media types count: a wildcard (`*∕*`, curl's and fetch's default) never opens a long-lived stream.
 * Multipart counts only with `subscriptionSpec` (Apollo Client's `multipart/mixed;subscriptionSpec=1.0`).
 */
export function streamFramingOf(accept: string | undefined): StreamFraming | null {
  const ranked = parseAccept(accept)
    .filter((r) => r.type === "text/event-stream" || (r.type === "multipart/mixed" && r.params.has("subscriptionspec")))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  const best = ranked[0];
  return best ? (best.type === "text/event-stream" ? "sse" : "multipart") : null;
}

/** True when the client takes a JSON answer: no Accept, a JSON media type or a wildcard. */
export function acceptsJson(accept: string | undefined): boolean {
  const ranges = parseAccept(accept);
  if (!accept) return true;
  return ranges.some(
    (r) =>
      r.type === "application/json" || r.type === "application/graphql-response+json" || r.type === "*/*" || r.type === "application/*",
  );
}

/**
 * True when a `GET /graphql` is a browser opening the page (GraphiQL): a document navigation, or an `Accept` that
 * prefers HTML to JSON (express's `req.accepts` order: JSON first when both weigh the same). Anything else is a GET
 * query of an API client, even with GraphiQL's own `?query=…` in the URL.
 */
export function opensGraphiQL(accept: string | undefined, fetchDest: string | undefined): boolean {
  if (fetchDest === "document") return true;
  if (!accept) return false;
  return (
    new Negotiator({ headers: { accept } }).mediaType(["application/json", "application/graphql-response+json", "text/html"]) ===
    "text/html"
  );
}

/**
 * True when the request's operation is a subscription. False when it is a query or mutation, or cannot
 * be told (no query string, a syntax error, an unknown operation name): the JSON handler then answers,
 * and reports the problem as usual. Parses only when the text can contain a subscription at all.
 */
export function isSubscriptionRequest(params: { query?: unknown; operationName?: unknown }, parseOptions?: ParseOptions): boolean {
  if (typeof params.query !== "string" || !/\bsubscription\b/.test(params.query)) return false;
  try {
    const op = getOperationAST(
      parse(params.query, parseOptions),
      typeof params.operationName === "string" ? params.operationName : undefined,
    );
    return op?.operation === OperationTypeNode.SUBSCRIPTION;
  } catch {
    return false;
  }
}
