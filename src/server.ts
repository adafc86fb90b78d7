import { randomUUID } from "node:crypto";
import http from "node:http";
import { constants as zlibConstants } from "node:zlib";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import compression from "compression";
import cors from "cors";
import express, { type Request, type Response } from "express";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ParseOptions, type ValidationRule } from "graphql";
import type { Principal } from "./auth/principal.js";
import type { TokenVerifier } from "./auth/token-verifier.js";
import { createContext, type GatewayContext } from "./context.js";
import { ErrorCode } from "./errors/errors.js";
import { maskError } from "./errors/mask-error.js";
import { renderGraphiQLPage } from "./graphiql/graphiql.page.js";
import { DEFAULT_MAX_VARIABLES_DEPTH, variablesDepthGuard } from "./limits/variables-depth.js";
import type { Logger } from "./logger.js";
import { executionGateway } from "./execution/apollo.gateway.js";
import { createExecutionEngine, type ExecutionEngineOptions } from "./execution/execution.engine.js";
import { createRequestRecorder, requestObservability, requestRecordOf } from "./observability/request-log.js";
import type { ExampleValues } from "./graphiql/graphiql.tabs.js";
import { Permission } from "./auth/roles.js";
import { isTracingInstalled, traceGraphQLRequests } from "./observability/tracing.js";
import type { Services } from "./services.js";
import type { ResponseCache } from "./cache/response.cache.js";
import { opensGraphiQL } from "./transport/http.negotiation.js";
import { createQueryFastPath, type QueryFastPath } from "./transport/query.fast-path.js";
import { GRAPHQL_PATH } from "./transport/transport.constants.js";

export interface ServerOptions {
  schema: GraphQLSchema;
  services: Services;
  verifier: TokenVerifier;
  logger: Logger;
  /** Show error details (stack traces stay hidden regardless). Default false. */
  development: boolean;
  /** Mints demo user tokens for `/dev/token` and pre-fills GraphiQL; only set in embedded mode. */
  devTokens?: (req: { user: string; groups?: string[]; roles?: string[]; expiresInSec?: number }) => Promise<string>;
  /** Readiness of backing services for `/readyz`. */
  ready: () => Promise<Record<string, boolean>>;
  /** Extra Apollo plugins (metrics, limits). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** Extra routes mounted before /graphql (e.g. /metrics). */
  routes?: (app: express.Express) => void;
  /** Called once the HTTP server exists so other transports (graphql-ws, SSE) can attach. */
  attach?: (httpServer: http.Server, app: express.Express) => { dispose(): Promise<void> } | void;
  /** Max JSON body, bytes. Default 100 kB. */
  bodyLimitBytes?: number;
  /** Query limits (validation rules, parser options) for the HTTP endpoint; the live transports get the same. */
  limits?: { validationRules?: readonly ValidationRule[]; parseOptions?: ParseOptions; maxVariablesDepth?: number };
  /** Cross-origin browser access to /graphql (and /graphql/stream). No origins (the default) = same origin only. */
  cors?: { origins: readonly string[]; maxAgeSec: number };
  /** Smallest response compressed with gzip/br (negotiated), bytes. Default 1,024. Event streams are never compressed. */
  compressionMinBytes?: number;
  /** GraphiQL's sign-in hint in remote mode: the token audience (app id URI) analysts request a token for. */
  graphiql?: { audience?: string };
  /** Admission of an authenticated HTTP request (per-caller rate limit); throws e.g. RATE_LIMITED to refuse it. */
  admit?: (principal: Principal) => Promise<void>;
  /** Slow-client protection of the HTTP server (see `HttpServerLimits`); defaults as documented there. */
  http?: HttpServerLimits;
  /**
   * Cheap admission before authentication, by client address: called first on every GraphQL POST; a
   * returned number refuses the request with 429 and that `Retry-After` (seconds) without verifying
   * anything. `refused` is told about every request that failed authentication.
   */
  preAuth?: { check(ip: string): number | null; refused(ip: string): void };
  /** How HTTP operations are executed (graphql-jit by default; see `createExecutionEngine`). */
  execution?: ExecutionEngineOptions;
  /** On close: how long in-flight HTTP requests may finish before their connections are cut, ms. Default 10,000. */
  drainGraceMs?: number;
  /** The response cache (Apollo's plugin is passed in `plugins`; the query fast path consults the same one). */
  responseCache?: ResponseCache;
  /**
   * Serve known queries of API clients on the query fast path (see `createQueryFastPath`): `HTTP_FAST_PATH`. Stepped
   * aside while tracing is installed (the full path opens the request spans). Default false.
   */
  fastPath?: boolean;
}

/** Timeouts and caps against slow or abusive HTTP clients. */
export interface HttpServerLimits {
  /** Time to receive a request's headers, ms; then 408 and the socket closes. Default 5,000. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request (headers and body), ms; then 408 and the socket closes. Default 10,000. */
  requestTimeoutMs?: number;
  /** Concurrent connections per process (WebSockets and SSE included); more are dropped at accept. 0 = no cap. Default 10,000. */
  maxConnections?: number;
}

export interface GatewayServer {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

/** Request headers browsers may send cross-origin: our clients' own plus Apollo Client's CSRF-preflight headers. */
const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "x-request-id",
  "traceparent",
  "tracestate",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
];

/**
 * Responses never compressed: event streams and multipart answers (compression buffers; each event must reach the
 * client at once) and the GraphiQL page (9 MB generated per request: brotli would cost seconds of CPU per load).
 */
const isUncompressed = (_req: Request, res: Response): boolean =>
  /^\s*(text\/event-stream|multipart\/|text\/html)/i.test(String(res.getHeader("content-type") ?? ""));

/** Ids that make the GraphiQL examples run for the demo viewer: the newest alert of a tenant they may update, and an incident of it. */
async function demoExamples(opts: ServerOptions, authorization: string): Promise<ExampleValues> {
  const principal = await opts.verifier.verifyHeader(authorization);
  const scope = await opts.services.access.scopeFor(principal);
  const writable = scope.tenantsWith(Permission.WRITE_ALERTS);
  const page = await opts.services.alerts.list(scope, { first: 1, filter: writable.length > 0 ? { tenantIds: writable } : undefined });
  const alert = page.edges[0]?.node;
  const tenantId = alert?.tenantId ?? writable[0] ?? scope.tenantsWith(Permission.READ_ALERTS)[0];
  const incidents = tenantId
    ? await opts.services.incidents.list(scope, { first: 1, filter: { tenantIds: [tenantId], statuses: ["ACTIVE", "IN_PROGRESS"] } })
    : null;
  return { tenantId, alertId: alert?.id, incidentId: incidents?.edges[0]?.node.id, username: principal.username };
}

const splitList = (v: unknown) =>
  typeof v === "string" && v.length > 0
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export async function createServer(opts: ServerOptions): Promise<GatewayServer> {
  const app = express();
  app.disable("x-powered-by");
  const engine = createExecutionEngine(opts.schema, opts.execution);
  const recordRequest = createRequestRecorder(opts.logger);
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => maskError(formatted, error, opts.logger, opts.development);
  /** The CORS headers of /graphql (none without origins): express applies them, and so does the fast path. */
  const corsHeaders =
    opts.cors && opts.cors.origins.length > 0
      ? cors({
          origin: [...opts.cors.origins],
          credentials: false,
          methods: ["GET", "POST", "OPTIONS"],
          allowedHeaders: CORS_ALLOWED_HEADERS,
          exposedHeaders: ["x-request-id"],
          maxAge: opts.cors.maxAgeSec,
        })
      : null;
  const fast: QueryFastPath | null = opts.fastPath
    ? createQueryFastPath({
        schema: opts.schema,
        engine,
        verifier: opts.verifier,
        preAuth: opts.preAuth,
        admit: opts.admit,
        contextFor: async (principal, request) => ({
          ...(await createContext(opts.services, principal, request.requestId)),
          request,
        }),
        formatError,
        limits: opts.limits,
        bodyLimitBytes: opts.bodyLimitBytes ?? 100_000,
        compressionMinBytes: opts.compressionMinBytes ?? 1_024,
        // Static origins: the middleware sets its headers at once and calls `next` synchronously.
        cors: corsHeaders ? { origins: opts.cors!.origins, apply: (req, res) => corsHeaders(req, res, () => undefined) } : undefined,
        responseCache: opts.responseCache,
        recordRequest,
      })
    : null;
  /** A body the fast path read and could not parse: the full path's error handler answers it (as its parser would). */
  const bodyErrors = new WeakMap<http.IncomingMessage, unknown>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // With tracing, the full path opens the request's span (traceGraphQLRequests, tracingPlugin).
    const taken =
      !isTracingInstalled() &&
      fast?.handle(req, res, (bodyError) => {
        if (bodyError !== undefined) bodyErrors.set(req, bodyError);
        app(req, res);
      });
    if (!taken) app(req, res);
  };
  const headersTimeout = opts.http?.headersTimeoutMs ?? 5_000;
  const requestTimeout = Math.max(headersTimeout, opts.http?.requestTimeoutMs ?? 10_000);
  const httpServer = http.createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks the two timeouts above on this period (default 30 s): keep it well under them.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 2))),
    },
    handler,
  );
  const maxConnections = opts.http?.maxConnections ?? 10_000;
  if (maxConnections > 0) httpServer.maxConnections = maxConnections;
  const disposers: { dispose(): Promise<void> }[] = [];

  const apollo = new ApolloServer<GatewayContext>({
    // Apollo parses, validates and formats as before; only execution is ours (compiled by graphql-jit by default).
    gateway: executionGateway(opts.schema, engine),
    introspection: true, // every operation needs a valid token, so only authenticated callers can introspect
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    // A request carrying Authorization cannot be a browser's simple (CSRF-able) request, and every operation
    // needs a bearer token: so clients that query with GET (urql's default) pass without Apollo's extra headers.
    csrfPrevention: { requestHeaders: ["x-apollo-operation-name", "apollo-require-preflight", "authorization"] },
    validationRules: opts.limits?.validationRules ? [...opts.limits.validationRules] : undefined,
    parseOptions: opts.limits?.parseOptions,
    // Compact JSON: Apollo's default pretty-prints every response (about a third more bytes and CPU).
    stringifyResult: (result) => JSON.stringify(result),
    formatError,
    // main.ts owns SIGTERM/SIGINT: a second, concurrent stop() from Apollo's handler never resolves (AS 5.5).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: opts.drainGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; without it Apollo no longer wraps every field resolver (per-field overhead).
      ApolloServerPluginCacheControlDisabled(),
      {
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin hooks are typed to return a Promise
        async serverWillStart() {
          return {
            async drainServer() {
              await Promise.all(disposers.map((d) => d.dispose()));
            },
          };
        },
      },
      ...(opts.plugins ?? []),
    ],
  });
  await apollo.start();

  app.use(
    compression({
      threshold: opts.compressionMinBytes ?? 1_024,
      // zlib's default brotli quality (11) costs ~50x gzip's CPU on a 1 MB answer; 4 still beats gzip's size.
      brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
      filter: (req, res) => !isUncompressed(req, res) && compression.filter(req, res),
    }),
  );
  // CSRF prevention (Apollo's, on by default) still refuses simple cross-origin requests from any other origin.
  if (corsHeaders) app.use("/graphql", corsHeaders);

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const checks = await opts.ready().catch(() => ({ ready: false }));
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not ready", checks });
  });

  if (opts.devTokens) {
    const mint = opts.devTokens;
    app.get("/dev/token", async (req: Request, res: Response) => {
      const user = typeof req.query.user === "string" ? req.query.user.trim() : "";
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(user)) {
        res
          .status(400)
          .json({ error: "invalid_request", error_description: "query parameter 'user' is required (letters, digits, . _ -)" });
        return;
      }
      const expiresIn = req.query.expiresIn === undefined ? undefined : Number(req.query.expiresIn);
      if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn < -3600 || expiresIn > 86_400)) {
        res
          .status(400)
          .json({ error: "invalid_request", error_description: "'expiresIn' must be an integer number of seconds up to 86400" });
        return;
      }
      const token = await mint({ user, groups: splitList(req.query.groups), roles: splitList(req.query.roles), expiresInSec: expiresIn });
      res.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn ?? 3600 });
    });
  }

  app.use(requestObservability(recordRequest));
  opts.routes?.(app);

  // The token is checked from the headers alone, before the body is read: a caller without a valid
  // bearer cannot make us buffer (or wait for) a large or slow body. Refusals close the connection.
  const refuse = (req: Request, res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.set({ connection: "close", ...headers });
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
    // Not `_dump()`ing the rest of the body: stop reading and let the socket go once the answer is out.
    res.once("finish", () => req.socket.end());
  };
  const authenticateFirst = async (req: Request, res: Response, next: express.NextFunction) => {
    // A GET with a bearer (a query, or an event stream at /graphql/stream) is held to the same check, its refusals
    // counted too; a GET without one is a browser opening GraphiQL or a simple cross-site request, which CSRF
    // prevention (or the stream's own 401) refuses.
    const bearerGet =
      req.method === "GET" && req.headers.authorization !== undefined && !opensGraphiQL(req.headers.accept, req.headers["sec-fetch-dest"]);
    if (req.method !== "POST" && !bearerGet) return next();
    const ip = req.socket.remoteAddress ?? "";
    const retryAfter = opts.preAuth?.check(ip) ?? null;
    if (retryAfter !== null) {
      refuse(req, res, 429, ErrorCode.RATE_LIMITED, `too many refused requests from this address; retry in ${retryAfter} s`, {
        "retry-after": String(retryAfter),
      });
      return;
    }
    try {
      res.locals.principal = await opts.verifier.verifyHeader(req.headers.authorization);
      next();
    } catch (e) {
      opts.preAuth?.refused(ip);
      const known = e instanceof GraphQLError && e.extensions.code === ErrorCode.UNAUTHENTICATED;
      if (!known) return next(e);
      res.set("www-authenticate", "Bearer");
      refuse(req, res, 401, ErrorCode.UNAUTHENTICATED, e.message);
    }
  };

  // First on every POST to /graphql (and /graphql/stream), before any transport reads the body, and on GET queries.
  app.use(GRAPHQL_PATH, authenticateFirst);

  // Before the /graphql routes: Apollo's `app.use("/graphql")` would also swallow `/graphql/stream` (SSE).
  const attached = opts.attach?.(httpServer, app);
  if (attached) disposers.push(attached);

  let graphiql: string | undefined;
  app.get(GRAPHQL_PATH, async (req, res, next) => {
    // A browser opening the page gets GraphiQL, even with GraphiQL's own `?query=…` in the URL (a reload after
    // picking a tab); GET queries from API clients (JSON accepted first, no document navigation) go to Apollo.
    if (!opensGraphiQL(req.headers.accept, req.headers["sec-fetch-dest"])) {
      next();
      return;
    }
    if (!opts.devTokens) {
      // Remote mode: nobody is known before a token is pasted, so no ids either; the page is the same for all.
      graphiql ??= renderGraphiQLPage({ endpoint: GRAPHQL_PATH, signIn: { mode: "remote", audience: opts.graphiql?.audience } });
      res.type("html").send(graphiql);
      return;
    }
    const auth = `Bearer ${await opts.devTokens({ user: "alice", expiresInSec: 12 * 3600 })}`;
    const examples = await demoExamples(opts, auth).catch(() => ({}));
    res.type("html").send(renderGraphiQLPage({ endpoint: GRAPHQL_PATH, authorization: auth, examples, signIn: { mode: "embedded" } }));
  });

  app.use(
    GRAPHQL_PATH,
    (req: Request, _res: Response, next: express.NextFunction) => next(bodyErrors.get(req)),
    express.json({ limit: opts.bodyLimitBytes ?? 100_000 }),
    variablesDepthGuard(opts.limits?.maxVariablesDepth ?? DEFAULT_MAX_VARIABLES_DEPTH),
    traceGraphQLRequests(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const request = requestRecordOf(res);
        const principal = (res.locals.principal as Principal | undefined) ?? (await opts.verifier.verifyHeader(req.headers.authorization));
        await opts.admit?.(principal);
        return { ...(await createContext(opts.services, principal, request?.requestId ?? randomUUID())), request };
      },
    }),
  );

  // Body-parser and other middleware errors (malformed JSON, too large) become clean 4xx JSON, never a stack.
  app.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) opts.logger.error({ err }, "unhandled HTTP error");
    const code = status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST;
    const message =
      status === 500
        ? "internal server error"
        : status === 413
          ? "request body too large"
          : `bad request: ${err.type ?? err.message ?? "invalid body"}`;
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const addr = httpServer.address();
          const actual = typeof addr === "object" && addr ? addr.port : port;
          resolve({ url: `http://${host.includes(":") ? `[${host}]` : host}:${actual}`, port: actual });
        });
      }),
    close: () => {
      fast?.close();
      return apollo.stop();
    },
  };
}
