import { randomUUID } from "node:crypto";
import http from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Request, type Response } from "express";
import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from "graphql";
import type { Principal } from "./auth/principal.js";
import type { TokenVerifier } from "./auth/token-verifier.js";
import { createContext, type GatewayContext } from "./context.js";
import { maskError } from "./errors/mask-error.js";
import { renderGraphiQLPage } from "./graphiql/graphiql.page.js";
import type { Logger } from "./logger.js";
import type { Services } from "./services.js";
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
  limits?: { validationRules?: readonly ValidationRule[]; parseOptions?: ParseOptions };
  /** Admission of an authenticated HTTP request (per-caller rate limit); throws e.g. RATE_LIMITED to refuse it. */
  admit?: (principal: Principal) => Promise<void>;
  /** On close: how long in-flight HTTP requests may finish before their connections are cut, ms. Default 10,000. */
  drainGraceMs?: number;
}

export interface GatewayServer {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

const splitList = (v: unknown) => (typeof v === "string" && v.length > 0 ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined);

export async function createServer(opts: ServerOptions): Promise<GatewayServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const disposers: { dispose(): Promise<void> }[] = [];

  const apollo = new ApolloServer<GatewayContext>({
    schema: opts.schema,
    introspection: true, // every operation needs a valid token, so only authenticated callers can introspect
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    validationRules: opts.limits?.validationRules ? [...opts.limits.validationRules] : undefined,
    parseOptions: opts.limits?.parseOptions,
    // Compact JSON: Apollo's default pretty-prints every response (about a third more bytes and CPU).
    stringifyResult: (result) => JSON.stringify(result),
    formatError: (formatted: GraphQLFormattedError, error: unknown) => maskError(formatted, error, opts.logger, opts.development),
    // main.ts owns SIGTERM/SIGINT: a second, concurrent stop() from Apollo's handler never resolves (AS 5.5).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: opts.drainGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; without it Apollo no longer wraps every field resolver (per-field overhead).
      ApolloServerPluginCacheControlDisabled(),
      {
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
        res.status(400).json({ error: "invalid_request", error_description: "query parameter 'user' is required (letters, digits, . _ -)" });
        return;
      }
      const expiresIn = req.query.expiresIn === undefined ? undefined : Number(req.query.expiresIn);
      if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn < -3600 || expiresIn > 86_400)) {
        res.status(400).json({ error: "invalid_request", error_description: "'expiresIn' must be an integer number of seconds up to 86400" });
        return;
      }
      const token = await mint({ user, groups: splitList(req.query.groups), roles: splitList(req.query.roles), expiresInSec: expiresIn });
      res.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn ?? 3600 });
    });
  }

  opts.routes?.(app);

  // Before the /graphql routes: Apollo's `app.use("/graphql")` would also swallow `/graphql/stream` (SSE).
  const attached = opts.attach?.(httpServer, app);
  if (attached) disposers.push(attached);

  let graphiql: string | undefined;
  app.get(GRAPHQL_PATH, async (req, res, next) => {
    // Browsers get GraphiQL; GET queries from API clients fall through to Apollo.
    const preferred = req.accepts(["application/json", "application/graphql-response+json", "text/html"]);
    if (preferred !== "text/html" || req.query.query) {
      next();
      return;
    }
    const auth = opts.devTokens ? `Bearer ${await opts.devTokens({ user: "alice", expiresInSec: 12 * 3600 })}` : undefined;
    // The page is 9 MB of inlined assets: render once (per demo token in embedded mode).
    graphiql = auth ? renderGraphiQLPage({ endpoint: GRAPHQL_PATH, authorization: auth }) : (graphiql ?? renderGraphiQLPage({ endpoint: GRAPHQL_PATH }));
    res.type("html").send(graphiql);
  });

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: opts.bodyLimitBytes ?? 100_000 }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (typeof req.headers["x-request-id"] === "string" && req.headers["x-request-id"].slice(0, 64)) || randomUUID();
        const principal = await opts.verifier.verifyHeader(req.headers.authorization);
        await opts.admit?.(principal);
        return createContext(opts.services, principal, requestId);
      },
    }),
  );

  // Body-parser and other middleware errors (malformed JSON, too large) become clean 4xx JSON, never a stack.
  app.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) opts.logger.error({ err }, "unhandled HTTP error");
    const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
    const message = status === 500 ? "internal server error" : status === 413 ? "request body too large" : `bad request: ${err.type ?? err.message ?? "invalid body"}`;
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
    close: () => apollo.stop(),
  };
}
