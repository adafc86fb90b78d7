import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logger.js";
import { countRejectedRequest, observeHttpRequest, routeOf } from "./metrics.js";

/** What one HTTP request's access-log line says; the GraphQL plugin fills in the GraphQL part. */
export interface RequestRecord {
  requestId: string;
  /** Principal id (user object id or `app:<appId>`), once the token was verified. */
  caller?: string;
  operationName?: string;
  operationType?: string;
  /** Tenants the request named (arguments, variables) or that failed in it (error extensions). */
  tenants?: string[];
  /** `extensions.code` of returned errors. */
  errorCodes?: string[];
}

/** Where the record of one request travels: express's per-response bag, read once by the GraphQL context factory. */
const RECORD_KEY = "requestRecord";

/**
 * The record the middleware made for this request (undefined when the middleware is not mounted). The
 * GraphQL context carries it on (`GatewayContext.request`), so nothing looks it up by id or header.
 */
export const requestRecordOf = (res: Response): RequestRecord | undefined => {
  const r: unknown = res.locals[RECORD_KEY];
  return typeof r === "object" && r !== null && "requestId" in r ? (r as RequestRecord) : undefined;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Opens the record of one HTTP request (see `createRequestRecorder`). */
export type OpenRequestRecord = (req: IncomingMessage, res: ServerResponse, path: string, record?: RequestRecord) => RequestRecord;

/** The request id of a request: the client's `x-request-id` when it is sane (it correlates the client's logs with ours), else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Per request: a request id (`requestIdOf`, or the one of the `record` given; echoed in the response),
 * the HTTP latency histogram, and one access-log line with caller, operation and tenants once the response is
 * finished. Headers are never logged, so tokens cannot leak. Shared by the express routes (`requestObservability`)
 * and the query fast path, so both log and count alike. `path` is captured by the caller: mounted routers rewrite
 * `req.url` while the response is still being written.
 */
export function createRequestRecorder(logger: Logger): OpenRequestRecord {
  const log = logger.child({ component: "http" });
  return (req, res, path, given) => {
    const started = process.hrtime.bigint();
    const record: RequestRecord = given ?? { requestId: requestIdOf(req) };
    res.setHeader("x-request-id", record.requestId);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = req.method ?? "GET";
      observeHttpRequest(method, path, res.statusCode, seconds);
      if (res.statusCode === 413) countRejectedRequest("payload_too_large");
      else if (res.statusCode === 429) countRejectedRequest("rate_limited");
      const route = routeOf(path);
      if (route === "/metrics") return;
      const entry = {
        requestId: record.requestId,
        method,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e4) / 10,
        ...(record.caller ? { caller: record.caller } : {}),
        ...(record.operationType ? { operation: { type: record.operationType, name: record.operationName ?? null } } : {}),
        ...(record.tenants?.length ? { tenants: record.tenants } : {}),
        ...(record.errorCodes?.length ? { errors: record.errorCodes } : {}),
      };
      if (res.statusCode >= 500) log.error(entry, "request failed");
      else log.info(entry, "request");
    });
    return record;
  };
}

/** Express middleware recording every route mounted after it (see `createRequestRecorder`). */
export function requestObservability(open: OpenRequestRecord) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals[RECORD_KEY] = open(req, res, req.path);
    next();
  };
}
