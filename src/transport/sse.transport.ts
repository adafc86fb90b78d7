import { randomUUID } from "node:crypto";
import express from "express";
import { execute, type GraphQLFormattedError } from "graphql";
import type { Principal } from "../auth/principal.js";
import { ErrorCode, isGatewayError } from "../errors/errors.js";
import { openHttpResultStream, type HttpResultStream } from "./http-stream.writer.js";
import { acceptsJson, isSubscriptionRequest, streamFramingOf, type StreamFraming } from "./http.negotiation.js";
import type { LiveTransportOptions } from "./live-transport.options.js";
import { isPrepared, prepareOperation } from "./operation.prepare.js";
import { SSE_PATH, WS_PATH } from "./transport.constants.js";
import { slowConsumer, subscriptionTransportRequired, tokenExpired } from "./transport.errors.js";

export interface SseTransportOptions extends LiveTransportOptions {
  /** Max JSON body, bytes. Default 100 kB. */
  bodyLimitBytes: number;
  /** Events written to one stream and not yet flushed before it ends with SLOW_CONSUMER. Default 1,000. */
  maxPendingEvents: number;
}

export interface SseTransport {
  /** Open event streams (SSE and multipart). */
  streams(): number;
  /** Cuts every open stream (clients retry elsewhere and resume from their cursor). */
  dispose(): Promise<void>;
}

/** How long a finished or shed stream may take to flush its last bytes before its socket is cut, ms. */
const LINGER_MS = 5_000;
/** setTimeout's ceiling (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const sendJson = (
  res: express.Response,
  status: number,
  errors: readonly GraphQLFormattedError[],
  headers: Record<string, string> = {},
) => {
  res.status(status).set(headers).type("application/json; charset=utf-8").send(JSON.stringify({ errors }));
};

/** `{query, variables, operationName}` of a POST body or of GET query parameters (variables as JSON text). */
function paramsOf(req: express.Request): Record<string, unknown> | string {
  if (req.method === "POST") return isRecord(req.body) ? req.body : "expected a JSON object body with 'query'";
  const q = req.query;
  let variables: unknown = undefined;
  if (typeof q.variables === "string" && q.variables.length > 0) {
    try {
      variables = JSON.parse(q.variables);
    } catch {
      return "expected 'variables' to be JSON";
    }
  }
  return { query: q.query, variables, operationName: q.operationName };
}

/**
 * GraphQL over streamed HTTP: Server-Sent Events (graphql-sse's distinct connections mode) at
 * `/graphql/stream` and, negotiated by Accept, at `/graphql`; and Apollo's multipart subscriptions at
 * both. `Authorization: Bearer <jwt>` on the request (401 otherwise); the same limits, masking and
 * subscription engine as WebSocket. A client that goes away releases its subscription at once (the
 * socket's `close`); one that does not read is shed with a final SLOW_CONSUMER error.
 */
export function attachSseTransport(app: express.Express, opts: SseTransportOptions): SseTransport {
  const { schema, verifier, executor, logger } = opts;
  /** Open streams and how to cut each one. */
  const open = new Map<express.Response, () => void>();
  let disposed = false;

  const framed = (result: unknown) => Buffer.from(JSON.stringify(result));

  const serve = async (req: express.Request, res: express.Response, framing: StreamFraming) => {
    if (disposed)
      return sendJson(res, 503, [{ message: "the gateway is shutting down", extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }], {
        "retry-after": "1",
      });
    let principal: Principal;
    try {
      principal = await verifier.verifyHeader(req.headers.authorization);
    } catch (e) {
      const message = isGatewayError(e) ? e.message : "a valid bearer token is required";
      return sendJson(res, 401, [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }], { "www-authenticate": "Bearer" });
    }
    const params = paramsOf(req);
    if (typeof params === "string") return sendJson(res, 400, [{ message: params, extensions: { code: ErrorCode.BAD_REQUEST } }]);
    const prepared = prepareOperation(schema, params, opts.limits);
    if (!isPrepared(prepared))
      return sendJson(
        res,
        400,
        prepared.map((e) => opts.formatError(e)),
      );
    try {
      await opts.limits.admit?.(principal);
    } catch (e) {
      if (!isGatewayError(e)) throw e;
      const retryAfter = e.extensions.retryAfterSeconds;
      return sendJson(res, 429, [opts.formatError(e)], retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {});
    }
    if (prepared.operation === "mutation" && req.method === "GET")
      return sendJson(res, 405, [{ message: "mutations need POST", extensions: { code: ErrorCode.BAD_REQUEST } }], { allow: "POST" });
    const requestId = typeof res.getHeader("x-request-id") === "string" ? String(res.getHeader("x-request-id")) : randomUUID();
    const streamOpts = {
      framing,
      maxPendingEvents: opts.maxPendingEvents,
      maxBufferedBytes: opts.maxBufferedBytes,
      account: opts.budget.open(),
      keepAliveMs: opts.keepAliveMs,
      lingerMs: LINGER_MS,
    };

    if (prepared.operation !== "subscription") {
      const contextValue = await opts.contextFor(principal, requestId);
      const result = executor.formatResult(
        await execute({
          schema,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: prepared.variableValues,
          contextValue,
        }),
      );
      const stream = openHttpResultStream(res, streamOpts, () => {});
      stream.next(framed(result));
      stream.finish();
      return;
    }

    const sub = await executor.prepare({
      document: prepared.document,
      operationName: prepared.operationName,
      variableValues: prepared.variableValues,
      principal,
    });
    if ("errors" in sub) {
      // Like a subscription that failed at once: one result with the errors, then complete.
      const stream = openHttpResultStream(res, streamOpts, () => {});
      stream.finish(framed({ errors: sub.errors.map((e) => opts.formatError(e)) }));
      return;
    }

    // The client may have gone while the arguments were checked: its `close` event has fired already.
    if (res.closed || res.destroyed) return;
    const entry = opts.subscriptionLog.started({ transport: framing, principal, operationName: sub.operationName, requestId });
    let stop = () => {};
    let expiry: NodeJS.Timeout | undefined;
    const stream: HttpResultStream = openHttpResultStream(res, streamOpts, () => {
      clearTimeout(expiry);
      open.delete(res);
      stop();
      entry.end("client");
    });
    const finishWith = (error: GraphQLFormattedError, reason: "slow_consumer" | "token_expired" | "error") => {
      stop();
      entry.end(reason, typeof error.extensions?.code === "string" ? error.extensions.code : undefined);
      stream.finish(framed({ errors: [error] }));
    };
    open.set(res, () => {
      stop();
      entry.end("shutdown");
      res.destroy();
    });
    const live = sub.start({
      next: (rendered) => {
        if (stream.next(rendered.payload)) entry.sent();
        else if (stream.shedReason) finishWith(opts.formatError(slowConsumer(stream.shedReason)), "slow_consumer");
      },
      fail: (error) => finishWith(error, "error"),
      end: () => {
        entry.end("shutdown");
        res.destroy();
      },
    });
    stop = () => live.close();
    const left = principal.expiresAt * 1000 - Date.now();
    if (left <= MAX_TIMER_MS) {
      expiry = setTimeout(() => finishWith(opts.formatError(tokenExpired()), "token_expired"), Math.max(left, 0));
      expiry.unref();
    }
  };

  const handle = (framing: StreamFraming) => (req: express.Request, res: express.Response) => {
    serve(req, res, framing).catch((e: unknown) => {
      logger.warn({ err: e }, "event stream failed");
      if (!res.headersSent)
        sendJson(res, 500, [{ message: "internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }]);
      else res.destroy();
    });
  };
  const parseJson = express.json({ limit: opts.bodyLimitBytes });

  app.use(SSE_PATH, parseJson, (req, res) => {
    const framing = streamFramingOf(req.headers.accept);
    if (!framing)
      return sendJson(res, 406, [
        {
          message: 'this endpoint streams: send Accept: text/event-stream (or multipart/mixed;subscriptionSpec="1.0")',
          extensions: { code: ErrorCode.BAD_REQUEST },
        },
      ]);
    handle(framing)(req, res);
  });
  // On the GraphQL path itself: subscriptions that accept a stream, and operations from clients that take
  // only an event stream (graphql-sse, GraphiQL's SSE mode). Everything else goes on to the JSON handler.
  app.use(WS_PATH, (req, res, next) => {
    if (req.path !== "/" || (req.method !== "POST" && req.method !== "GET")) return next();
    if (req.method === "GET" && typeof req.query.query !== "string") return next(); // the GraphiQL page
    parseJson(req, res, (err?: unknown) => {
      if (err) return next(err);
      const params = paramsOf(req);
      if (typeof params === "string") return next();
      const framing = streamFramingOf(req.headers.accept);
      if (isSubscriptionRequest(params, opts.limits.parseOptions)) {
        if (framing) return handle(framing)(req, res);
        return sendJson(res, 400, [opts.formatError(subscriptionTransportRequired())]);
      }
      if (framing === "sse" && !acceptsJson(req.headers.accept)) return handle("sse")(req, res);
      next();
    });
  });

  return {
    streams: () => open.size,
    dispose() {
      disposed = true;
      for (const cut of [...open.values()]) cut();
      return Promise.resolve();
    },
  };
}
