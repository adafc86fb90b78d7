import type { FeedEvent, FeedPage } from "./feed.types.js";
import type { TokenSource } from "./token.source.js";

/** The pull feed query: the same events, cursors and authorization as the `alertEvents` subscription. */
export const FEED_QUERY = /* GraphQL */ `
  query SiemConnectorFeed($after: String, $first: Int, $filter: AlertFilter) {
    alertEventsSince(after: $after, first: $first, filter: $filter) {
      edges {
        node {
          cursor
          kind
          tenantId
          recordedAt
          alert {
            id
            title
            description
            severity
            status
            category
            detectionSource
            detectorId
            classification
            determination
            assignedTo
            createdDateTime
            firstActivityDateTime
            lastActivityDateTime
            lastUpdateDateTime
            machineId
            computerDnsName
            incidentId
            mitreTechniques
            portalUrl
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/**
 * Why a read failed: `retry` (throttled, upstream trouble, network, 5xx: back off, at least `retryAfterMs`),
 * `auth` (token refused: renew and retry once), `cursorExpired` (the stored cursor is older than the
 * gateway's event retention) or `fatal` (a bug or a configuration error: stop).
 */
export class FeedError extends Error {
  constructor(
    readonly kind: "retry" | "auth" | "cursorExpired" | "fatal",
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Error codes worth retrying: the caller's allowance, the gateway's upstream, or the gateway itself. */
const RETRYABLE_CODE = /^(RATE_LIMITED|UPSTREAM_[A-Z_]+|SERVICE_UNAVAILABLE|INTERNAL_SERVER_ERROR)$/;

/** `Retry-After` as delay-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface GraphQLBody {
  data?: { alertEventsSince?: { edges: { node: FeedEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

export interface FeedClient {
  /** One page after `after` (null: the oldest retained event). Throws `FeedError`. */
  read(after: string | null): Promise<FeedPage>;
}

export function createFeedClient(opts: {
  gatewayUrl: string;
  tokens: TokenSource;
  pageSize: number;
  filter: Record<string, unknown> | null;
  timeoutMs: number;
}): FeedClient {
  const endpoint = `${opts.gatewayUrl}/graphql`;
  return {
    async read(after) {
      const token = await opts.tokens.get();
      let res: Response;
      let text: string;
      try {
        res = await fetch(endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json, application/json",
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            query: FEED_QUERY,
            operationName: "SiemConnectorFeed",
            variables: { after, first: opts.pageSize, filter: opts.filter },
          }),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        throw new FeedError("retry", "NETWORK", `gateway unreachable: ${(e as Error).message}`);
      }
      const headerWait = parseRetryAfter(res.headers.get("retry-after"));
      let body: GraphQLBody;
      try {
        body = JSON.parse(text) as GraphQLBody;
      } catch {
        if (res.status === 429 || res.status >= 500)
          throw new FeedError("retry", `HTTP_${res.status}`, `gateway answered ${res.status}`, headerWait);
        throw new FeedError(
          res.status === 401 ? "auth" : "fatal",
          `HTTP_${res.status}`,
          `gateway answered ${res.status}: ${text.slice(0, 200)}`,
        );
      }
      const error = body.errors?.[0];
      const page = body.data?.alertEventsSince;
      if (error || !page) {
        const code = error?.extensions?.code ?? `HTTP_${res.status}`;
        const bodyWait = typeof error?.extensions?.retryAfterSeconds === "number" ? error.extensions.retryAfterSeconds * 1000 : null;
        const wait = headerWait ?? bodyWait;
        const message = `${code}: ${error?.message ?? "no data"}`;
        if (code === "UNAUTHENTICATED" || res.status === 401) throw new FeedError("auth", code, message);
        if (code === "CURSOR_EXPIRED") throw new FeedError("cursorExpired", code, message);
        if (RETRYABLE_CODE.test(code) || res.status === 429 || res.status >= 500) throw new FeedError("retry", code, message, wait);
        throw new FeedError("fatal", code, message);
      }
      return { events: page.edges.map((e) => e.node), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
    },
  };
}
