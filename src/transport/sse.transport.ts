import { randomUUID } from "node:crypto";
import express from "express";
import {
  execute,
  GraphQLError,
  subscribe as graphqlSubscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import type { Response as SseResponse } from "graphql-sse";
import { createHandler } from "graphql-sse/lib/use/express";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import { createContext, type GatewayContext } from "../context.js";
import { ErrorCode, isGatewayError } from "../errors/errors.js";
import type { Logger } from "../logger.js";
import type { AlertEventsExecutor } from "../modules/subscriptions/alert-event.execution.js";
import type { Services } from "../services.js";
import { isPrepared, prepareOperation, type OperationLimits } from "./operation.prepare.js";
import { SSE_PATH, WS_PATH } from "./transport.constants.js";

export interface SseTransportOptions {
  schema: GraphQLSchema;
  services: Services;
  verifier: TokenVerifier;
  executor: AlertEventsExecutor;
  formatError(e: GraphQLError): GraphQLFormattedError;
  logger: Logger;
  limits: OperationLimits;
  /** Max JSON body, bytes. Default 100 kB. */
  bodyLimitBytes: number;
}

export interface SseTransport {
  /** Open event streams. */
  streams(): number;
  /** Cuts every open stream (clients retry elsewhere and resume from their cursor). */
  dispose(): Promise<void>;
}

/** Thrown into a stream being cut at shutdown; never reaches a client as a message. */
class GoingAwayError extends Error {
  constructor() {
    super("the gateway is shutting down");
    this.name = "GoingAwayError";
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): SseResponse => [
  JSON.stringify(body),
  { status, statusText: status === 401 ? "Unauthorized" : status === 405 ? "Method Not Allowed" : "Bad Request", headers: { "content-type": "application/json; charset=utf-8", ...headers } },
];

type Stream = AsyncIterableIterator<ExecutionResult | FormattedExecutionResult>;

/**
 * Wraps a result stream so it can be interrupted from outside while waiting for the next event: at
 * token expiry it yields a final UNAUTHENTICATED error and completes; at shutdown it fails (stream cut).
 * (A plain async generator could not: its `return()` waits for the pending `next()`.)
 */
function interruptible(source: Stream, stop: Promise<{ final: FormattedExecutionResult } | { error: Error }>): Stream {
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    await source.return?.();
  };
  const stopped = stop.then((s) => ({ stop: s }) as const);
  return {
    async next(): Promise<IteratorResult<ExecutionResult | FormattedExecutionResult>> {
      if (finished) return { value: undefined, done: true };
      const r = await Promise.race([source.next(), stopped]);
      if (!("stop" in r)) {
        if (r.done) finished = true;
        return r;
      }
      await finish();
      if ("error" in r.stop) throw r.stop.error;
      return { value: r.stop.final, done: false };
    },
    async return() {
      await finish();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * graphql-sse in distinct-connections mode at `/graphql/stream`: `Authorization: Bearer <jwt>` on the
 * request (401 otherwise), the same limits, masking and shared `alertEvents` fan-out as WebSocket.
 */
export function attachSseTransport(app: express.Express, opts: SseTransportOptions): SseTransport {
  const { schema, services, verifier, executor, logger } = opts;
  const open = new Set<() => void>();
  let disposed = false;

  const guard = (source: Stream, principal: Principal): Stream => {
    let onStop: (s: { final: FormattedExecutionResult } | { error: Error }) => void = () => {};
    const stop = new Promise<{ final: FormattedExecutionResult } | { error: Error }>((resolve) => (onStop = resolve));
    const expiry = setTimeout(
      () =>
        onStop({
          final: {
            errors: [{ message: "the bearer token has expired; reconnect with a fresh token and resume from your last cursor", extensions: { code: ErrorCode.UNAUTHENTICATED } }],
          },
        }),
      Math.min(Math.max(principal.expiresAt * 1000 - Date.now(), 0), 2_147_483_647),
    );
    expiry.unref();
    const cut = () => onStop({ error: new GoingAwayError() });
    open.add(cut);
    const stream = interruptible(source, stop);
    const release = () => {
      clearTimeout(expiry);
      open.delete(cut);
    };
    return {
      next: () =>
        stream.next().then(
          (r) => {
            if (r.done) release();
            return r;
          },
          (e) => {
            release();
            throw e;
          },
        ),
      return: () => {
        release();
        return stream.return!();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };

  const handler = createHandler({
    authenticate: () => null, // distinct connections only: one stream per operation, no stream tokens
    onSubscribe: async (req, params) => {
      if (disposed) return json(503, { errors: [{ message: "the gateway is shutting down", extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
      let principal: Principal;
      try {
        principal = await verifier.verifyHeader(req.headers.get("authorization"));
      } catch (e) {
        const message = isGatewayError(e) ? e.message : "a valid bearer token is required";
        return json(401, { errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] }, { "www-authenticate": "Bearer" });
      }
      const prepared = prepareOperation(schema, params, opts.limits);
      if (!isPrepared(prepared)) return json(400, { errors: prepared.map((e) => opts.formatError(e)) });
      try {
        await opts.limits.admit?.(principal);
      } catch (e) {
        if (!isGatewayError(e)) throw e;
        const retryAfter = e.extensions.retryAfterSeconds;
        return json(429, { errors: [opts.formatError(e)] }, retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {});
      }
      if (prepared.operation === "mutation" && req.method === "GET")
        return json(405, { errors: [{ message: "mutations need POST", extensions: { code: ErrorCode.BAD_REQUEST } }] }, { allow: "POST" });
      const contextValue = await createContext(services, principal, `sse:${randomUUID()}`);
      const args: ExecutionArgs & { contextValue: GatewayContext } = {
        schema,
        document: prepared.document,
        operationName: prepared.operationName,
        variableValues: prepared.variableValues,
        contextValue,
      };
      // graphql-sse's types want GraphQLError instances; formatted (JSON-safe) errors serialize the same.
      if (prepared.operation !== "subscription") return executor.formatResult(await execute(args)) as unknown as ExecutionResult;
      const result = executor.handles(args) ? executor.subscribe(args) : await graphqlSubscribe(args);
      if (!(Symbol.asyncIterator in result)) return executor.formatResult(result) as unknown as ExecutionResult;
      return guard(result as Stream, principal) as AsyncIterable<ExecutionResult>;
    },
    // Results of the graphql-js path still hold GraphQLError instances: mask them like HTTP.
    onNext: (_ctx, _req, result) =>
      "errors" in result && result.errors?.some((e) => e instanceof GraphQLError) ? (executor.formatResult(result as ExecutionResult) as unknown as ExecutionResult) : undefined,
  });

  const serve = async (req: express.Request, res: express.Response) => {
    try {
      await handler(req, res);
    } catch (e) {
      if (!(e instanceof GoingAwayError)) logger.warn({ err: e }, "SSE stream failed");
      if (!res.headersSent) res.status(500).json({ errors: [{ message: "internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
      else res.destroy();
    }
  };
  const parseJson = express.json({ limit: opts.bodyLimitBytes });
  app.use(SSE_PATH, parseJson, serve);
  // Also on the GraphQL path itself for clients that ask for an event stream there (GraphiQL's graphql-sse
  // mode): a browser cannot put an Authorization header on a WebSocket, but it can on this request.
  app.use(WS_PATH, (req, res, next) => {
    if (req.path === "/" && req.headers.accept?.includes("text/event-stream")) parseJson(req, res, () => void serve(req, res));
    else next();
  });

  return {
    streams: () => open.size,
    async dispose() {
      disposed = true;
      for (const cut of [...open]) cut();
    },
  };
}
