import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, deflate, gzip } from "node:zlib";
import { parse as parseContentType } from "content-type";
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from "graphql";
import etag from "etag";
import fresh from "fresh";
import Negotiator from "negotiator";
import getRawBody from "raw-body";
import { principalId, type Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import type { ResponseCache } from "../cache/response.cache.js";
import type { GatewayContext } from "../context.js";
import { ErrorCode } from "../errors/errors.js";
import type { ExecutionEngine } from "../execution/execution.engine.js";
import { checkVariablesDepth, DEFAULT_MAX_VARIABLES_DEPTH } from "../limits/variables-depth.js";
import { observeGraphQLOutcome } from "../observability/graphql.plugin.js";
import { countFastPathRequest } from "../observability/metrics.js";
import { requestIdOf, type OpenRequestRecord, type RequestRecord } from "../observability/request-log.js";
import { createAnswerBytesMemo, type BodyEncoding } from "./answer-bytes.memo.js";
import { acceptsJson, opensGraphiQL, streamFramingOf } from "./http.negotiation.js";
import { GRAPHQL_PATH } from "./transport.constants.js";

export interface QueryFastPathOptions {
  schema: GraphQLSchema;
  /** The engine Apollo's executor uses too (one compiled-query cache for both paths). */
  engine: ExecutionEngine;
  verifier: TokenVerifier;
  /** The same pre-authentication check as the full path: a limited address is left to it. */
  preAuth?: { check(ip: string): number | null };
  /** The per-caller rate limit; a refusal is left to the full path (which charges and refuses again). */
  admit?: (principal: Principal) => Promise<void>;
  /** The request's GraphQL context (the full path builds it the same way). */
  contextFor(principal: Principal, request: RequestRecord): Promise<GatewayContext>;
  /** Apollo's `formatError` of the full path (masking). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  limits?: { validationRules?: readonly ValidationRule[]; parseOptions?: ParseOptions; maxVariablesDepth?: number };
  /** Max JSON body, bytes (the full path's limit). */
  bodyLimitBytes: number;
  /** Smallest answer compressed when the client accepts it, bytes (the full path's threshold). */
  compressionMinBytes: number;
  /**
   * The full path's CORS middleware (`CORS_ORIGINS`; absent = no CORS): `apply` sets its headers on an answer. A
   * request from one of `origins` is taken; a request with any other `Origin` is left to the full path.
   */
  cors?: { origins: readonly string[]; apply(req: IncomingMessage, res: ServerResponse): void };
  responseCache?: ResponseCache;
  recordRequest: OpenRequestRecord;
  /** Validated documents kept (least recently used dropped first). Default 500; texts over 20,000 chars are not kept. */
  maxDocuments?: number;
}

export interface QueryFastPath {
  /**
   * Takes a request it may answer, or returns false at once without touching it. A taken request is either
   * answered here or handed to `fallback` (the full express/Apollo pipeline) with its body already read: parsed
   * into `req.body`, or the body-reading error passed on, for the full path's error handler to answer.
   */
  handle(req: IncomingMessage, res: ServerResponse, fallback: (bodyError?: unknown) => void): boolean;
  /** After this, every request goes to the full path (Apollo answers while it drains, and refuses once stopped). */
  close(): void;
}

/** One validated document, by its text. */
interface DocumentEntry {
  document: DocumentNode;
  /** sha256 hex of the text: Apollo's `queryHash`, so both paths key the response cache alike. */
  queryHash: string;
  /** Operation by requested name ("" = none given); null = not resolvable (the full path words the error). */
  operations: Map<string, OperationDefinitionNode | null>;
}

const MEDIA_JSON = "application/json; charset=utf-8";
const MEDIA_GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8";
const MEDIA_JSON_CALLBACK = "application/json; callbackSpec=1.0; charset=utf-8";
const UTF8 = /^utf-?8$/i;
const BODY_KEYS = new Set(["query", "variables", "operationName", "extensions"]);
const MAX_QUERY_CHARS = 20_000;

const compressors = {
  br: promisify(brotliCompress),
  gzip: promisify(gzip),
  deflate: promisify(deflate),
};
/** The compression middleware's settings of the full path (server.ts): brotli at quality 4, zlib defaults. */
const BROTLI = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } };

const compress = (body: string | Buffer, encoding: Exclude<BodyEncoding, "identity">): Promise<Buffer> =>
  encoding === "br" ? compressors.br(body, BROTLI) : compressors[encoding](body);

/** Apollo's choice of the answer's media type (`chooseContentTypeForSingleResultResponse`); null = not acceptable (406). */
function responseMediaType(accept: string | undefined): string | null {
  if (!accept) return MEDIA_JSON;
  return new Negotiator({ headers: { accept } }).mediaType([MEDIA_JSON, MEDIA_GRAPHQL_RESPONSE, MEDIA_JSON_CALLBACK]) ?? null;
}

/** The compression middleware's choice (compression 1.8): brotli or gzip preferred at equal weight; null = identity. */
function contentEncoding(acceptEncoding: string | undefined): "br" | "gzip" | "deflate" | null {
  if (!acceptEncoding) return null;
  // negotiator 1.x takes the preferred order as a second argument; its published types (0.6) do not know it yet.
  const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }) as unknown as {
    encoding(available: string[], opts: { preferred: string[] }): string | undefined;
  };
  const method = negotiator.encoding(["br", "gzip", "deflate", "identity"], { preferred: ["br", "gzip"] });
  return method === "br" || method === "gzip" || method === "deflate" ? method : null;
}

/** True for `application/json` with no charset or UTF-8 (what the full path's body parser takes without a 415). */
function isJsonBody(contentType: string | undefined): boolean {
  if (!contentType) return false;
  try {
    const parsed = parseContentType(contentType);
    return parsed.type === "application/json" && (parsed.parameters.charset === undefined || UTF8.test(parsed.parameters.charset));
  } catch {
    return false;
  }
}

/** Reads off and drops what is left of a request body, then calls `done` once. */
function drain(req: IncomingMessage, done: () => void): void {
  if (req.complete || req.destroyed) return done();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };

  req.once("end", once).once("close", once).once("error", once);
  req.resume();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A GET's operation from its search parameters, read as Apollo reads them (`runHttpQuery`): each at most once,
 * `variables` and `extensions` JSON objects; other parameters ignored. null = Apollo refuses it (400).
 */
function searchParamsOf(search: string): Record<string, unknown> | null {
  const searchParams = new URLSearchParams(search);
  const params: Record<string, unknown> = {};
  for (const name of BODY_KEYS) {
    const values = searchParams.getAll(name);
    if (values.length > 1) return null;
    if (values.length === 0) continue;
    if (name === "query" || name === "operationName") {
      params[name] = values[0];
      continue;
    }
    try {
      const value: unknown = JSON.parse(values[0]);
      if (!isRecord(value)) return null;
      params[name] = value;
    } catch {
      return null;
    }
  }
  return params;
}

/** Thrown for a body the full path's JSON parser refuses (same `type` and status, so its error handler words it alike). */
const parseFailed = (message: string) =>
  Object.assign(new SyntaxError(message), { status: 400, statusCode: 400, type: "entity.parse.failed" });

/** Apollo's `ensureGraphQLError`. */
const asGraphQLError = (e: unknown, messagePrefix = ""): GraphQLError =>
  e instanceof GraphQLError
    ? e
    : e instanceof Error
      ? new GraphQLError(messagePrefix + e.message, { originalError: e })
      : new GraphQLError(`Unexpected error value: ${String(e)}`);

interface HttpHead {
  status?: number;
  headers: Map<string, string>;
}

/**
 * Apollo Server's error formatting (`normalizeAndFormatErrors`): `extensions.code` defaults to INTERNAL_SERVER_ERROR,
 * `extensions.http` (a GatewayError's status and headers) moves to the response head, then the gateway's masking;
 * a formatter that throws yields a bare internal error.
 */
function formatErrors(
  errors: readonly GraphQLError[],
  formatError: QueryFastPathOptions["formatError"],
): { formatted: GraphQLFormattedError[]; head: HttpHead } {
  const head: HttpHead = { headers: new Map() };
  const formatted = errors.map((error) => {
    try {
      const e = asGraphQLError(error);
      const extensions: Record<string, unknown> = { ...e.extensions, code: e.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR };
      const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
      if (http && typeof http === "object" && (http.status === undefined || typeof http.status === "number")) {
        if (http.headers === undefined || http.headers instanceof Map) {
          if (typeof http.status === "number") head.status = http.status;
          for (const [k, v] of (http.headers as Map<string, string> | undefined) ?? []) head.headers.set(k, v);
          delete extensions.http;
        }
      }
      return formatError({ ...e.toJSON(), extensions }, error);
    } catch {
      return { message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  });
  return { formatted, head };
}

/**
 * The query fast path: the hot request of the gateway, a POST (or a GET, urql's default) of a known query by an API
 * client or by a browser page on an origin CORS allows, answered without express's router and middleware chain,
 * body parser, compression stream and Apollo's request pipeline, with the same steps in the same order and the same
 * outcome: pre-authentication check, token, body (same limit), variables depth, parse and validation with the same
 * limits (kept per document text, valid or not), rate limit, context, response cache, execution by the same engine
 * (graphql-jit's compiled query), Apollo's error formatting and masking, 503 for SERVICE_UNAVAILABLE, Apollo's
 * media type negotiation, compression as negotiated, the CORS middleware's headers, the access log, request id and
 * metrics.
 *
 * It only takes what it answers exactly like the full path; everything else goes there, before anything was done (a
 * request whose `Origin` CORS does not allow, such as the gateway's own GraphiQL page; other paths and methods;
 * streamed answers; a compressed or non-UTF-8 body; persisted queries (APQ); mutations, subscriptions; an
 * unverifiable token or a limited address) or before any resolver ran (a document that does not parse or validate,
 * no resolvable operation, variables that do not coerce). The full path then words every refusal as it always did.
 * A refused rate limit, a failing context or an unreadable response cache is answered here as Apollo answers it
 * (its `errorResponse`), so a failing store is not waited on twice.
 *
 * Differences: no `ETag` header on a POST's answer (express computes one per answer; a POST answer is never
 * revalidated). A GET's answer carries express's weak ETag, and a conditional GET of an unchanged answer is 304.
 */
export function createQueryFastPath(opts: QueryFastPathOptions): QueryFastPath {
  const rules = [...specifiedRules, ...(opts.limits?.validationRules ?? [])];
  const maxVariablesDepth = opts.limits?.maxVariablesDepth ?? DEFAULT_MAX_VARIABLES_DEPTH;
  const maxDocuments = opts.maxDocuments ?? 500;
  /** By query text; null = does not parse or validate (the full path words the errors; not parsed here again). */
  const documents = new Map<string, DocumentEntry | null>();
  let closed = false;
  const answerBytes = createAnswerBytesMemo();
  const corsOrigins = new Set(opts.cors?.origins ?? []);

  const keep = (query: string, entry: DocumentEntry | null) => {
    if (query.length > MAX_QUERY_CHARS) return;
    documents.set(query, entry);
    if (documents.size > maxDocuments) documents.delete(documents.keys().next().value!);
  };

  const documentOf = (query: string): DocumentEntry | null => {
    const hit = documents.get(query);
    if (hit !== undefined) {
      // Map order is insertion order: re-inserting marks it most recently used.
      documents.delete(query);
      documents.set(query, hit);
      return hit;
    }
    let document: DocumentNode;
    try {
      document = parse(query, opts.limits?.parseOptions);
    } catch {
      keep(query, null);
      return null;
    }
    if (validate(opts.schema, document, rules).length > 0) {
      keep(query, null);
      return null;
    }
    const entry = { document, queryHash: createHash("sha256").update(query).digest("hex"), operations: new Map() };
    keep(query, entry);
    return entry;
  };

  const operationOf = (entry: DocumentEntry, name: string | undefined): OperationDefinitionNode | null => {
    const key = name ?? "";
    let op = entry.operations.get(key);
    if (op === undefined) entry.operations.set(key, (op = getOperationAST(entry.document, name) ?? null));
    return op;
  };

  const writeHead = (req: IncomingMessage, res: ServerResponse, head: HttpHead, mediaType: string) => {
    res.statusCode = head.status ?? 200;
    for (const [k, v] of head.headers) res.setHeader(k, v);
    res.setHeader("content-type", mediaType);
    opts.cors?.apply(req, res);
  };

  /** The compression middleware's Vary, after CORS's: on every answer with a body, compressed or not. */
  const varyOnEncoding = (res: ServerResponse) => {
    const vary = res.getHeader("vary");
    res.setHeader("vary", vary ? `${String(vary)}, Accept-Encoding` : "Accept-Encoding");
  };

  /**
   * express's conditional GET (`res.send`, `req.fresh`): the answer's weak ETag, and a 304 without a body when the
   * client's `If-None-Match` names it. True when answered.
   */
  const notModified = (req: IncomingMessage, res: ServerResponse, tag: string): boolean => {
    res.setHeader("etag", tag);
    if (res.statusCode < 200 || res.statusCode >= 300 || !fresh(req.headers, { etag: tag })) return false;
    res.statusCode = 304;
    res.removeHeader("content-type");
    res.end();
    return true;
  };

  const send = async (req: IncomingMessage, res: ServerResponse, head: HttpHead, mediaType: string, body: string) => {
    writeHead(req, res, head, mediaType);
    if (req.method === "GET" && notModified(req, res, etag(body, { weak: true }))) return;
    varyOnEncoding(res);
    const length = Buffer.byteLength(body);
    const encoding = length >= opts.compressionMinBytes ? contentEncoding(req.headers["accept-encoding"]) : null;
    if (!encoding) {
      // A string goes to the socket without an intermediate Buffer copy.
      res.setHeader("content-length", length);
      res.end(body);
      return;
    }
    const bytes = await compress(body, encoding);
    res.setHeader("content-encoding", encoding);
    res.setHeader("content-length", bytes.length);
    res.end(bytes);
  };

  /** `send` for an answer the response cache keeps: its bytes, plain or compressed, are made once (answerBytes). */
  const sendKept = async (req: IncomingMessage, res: ServerResponse, mediaType: string, answer: object, serialize: () => string) => {
    writeHead(req, res, { headers: new Map() }, mediaType);
    const identity = await answerBytes.bytesOf(answer, "identity", serialize, compress);
    if (req.method === "GET" && notModified(req, res, etag(identity, { weak: true }))) return;
    varyOnEncoding(res);
    const encoding = identity.length >= opts.compressionMinBytes ? contentEncoding(req.headers["accept-encoding"]) : null;
    const bytes = encoding ? await answerBytes.bytesOf(answer, encoding, serialize, compress) : identity;
    if (encoding) res.setHeader("content-encoding", encoding);
    res.setHeader("content-length", bytes.length);
    res.end(bytes);
  };

  /** Everything after the headers were judged: answers, or hands the request to the full path (`fallback`). */
  const serve = async (req: IncomingMessage, res: ServerResponse, mediaType: string, fallback: (e?: unknown) => void): Promise<void> => {
    const started = process.hrtime.bigint();
    let principal: Principal;
    try {
      principal = await opts.verifier.verifyHeader(req.headers.authorization);
    } catch {
      return fallback(); // the full path refuses it (401, the refused-address count) before reading the body
    }
    let params: Record<string, unknown>;
    if (req.method === "GET") {
      const fromSearch = searchParamsOf(req.url!.slice(GRAPHQL_PATH.length));
      if (!fromSearch) return fallback(); // Apollo words the refusal (400)
      params = fromSearch;
    } else {
      let text: string;
      try {
        text = await getRawBody(req, { limit: opts.bodyLimitBytes, length: req.headers["content-length"], encoding: "utf8" });
      } catch (e) {
        // As the full path's body parser does: read off the rest of the request, then let its error handler answer.
        return drain(req, () => fallback(e));
      }
      const body = req as IncomingMessage & { body?: unknown };
      if (text.length === 0) return fallback();
      const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(text)?.[1];
      if (first !== "{" && first !== "[") return fallback(parseFailed("JSON bodies must be an object or an array"));
      try {
        body.body = JSON.parse(text);
      } catch (e) {
        return fallback(parseFailed((e as Error).message));
      }
      if (!isRecord(body.body) || Object.keys(body.body).some((k) => !BODY_KEYS.has(k))) return fallback();
      params = body.body;
    }
    const { query, variables, operationName, extensions } = params;
    // Other extensions (Apollo Client 4's `clientLibrary`) are ignored by both paths; persisted queries are Apollo's.
    if (extensions !== undefined && (!isRecord(extensions) || "persistedQuery" in extensions)) return fallback();
    if (typeof query !== "string" || query.length === 0) return fallback();
    if (variables != null && !isRecord(variables)) return fallback();
    if (operationName != null && typeof operationName !== "string") return fallback();
    if (checkVariablesDepth(variables, maxVariablesDepth)) return fallback();
    const entry = documentOf(query);
    const operation = entry && operationOf(entry, operationName ?? undefined);
    if (!entry || operation?.operation !== OperationTypeNode.QUERY) return fallback();

    const record: RequestRecord = { requestId: requestIdOf(req) };
    /**
     * Apollo's answer to a request that failed before execution (`errorResponse`): a refused rate limit or a failing
     * context ("Context creation failed: …"), or a response cache that cannot be read. Answered here rather than handed
     * on: the full path would wait on the same failing store again (a frozen Redis costs its command timeout per call).
     */
    const failed = async (error: unknown, messagePrefix = "") => {
      const { formatted, head } = formatErrors([asGraphQLError(error, messagePrefix)], (f, e) => opts.formatError(f, e));
      head.status ??= 500;
      countFastPathRequest("served");
      opts.recordRequest(req, res, GRAPHQL_PATH, record);
      await send(req, res, head, mediaType, JSON.stringify({ errors: formatted }));
    };
    let context: GatewayContext;
    try {
      await opts.admit?.(principal);
      context = await opts.contextFor(principal, record);
    } catch (e) {
      return failed(e, "Context creation failed: ");
    }
    const cache =
      opts.responseCache?.enabled && opts.responseCache.eligible(opts.schema, entry.document, operation) ? opts.responseCache : null;
    const key = cache?.keyOf(context, entry.queryHash, operationName, variables);
    let version: string | null = null;
    let cached: FormattedExecutionResult | null = null;
    if (cache && key) {
      try {
        ({ hit: cached, version } = await cache.lookup(key));
      } catch (e) {
        return failed(e);
      }
    }
    let answer: FormattedExecutionResult;
    let head: HttpHead = { headers: new Map() };
    if (cached) answer = cached;
    else {
      let result: ExecutionResult;
      try {
        result = await opts.engine.run({
          source: query,
          document: entry.document,
          operationName: operationName ?? undefined,
          variables: variables ?? undefined,
          contextValue: context,
        });
      } catch {
        return fallback(); // a query: running it again there is harmless
      }
      // No data: the variables did not coerce and no resolver ran; Apollo words that (400 BAD_USER_INPUT).
      if (result.data === undefined) return fallback();
      const errors = result.errors?.length ? formatErrors(result.errors, (f, e) => opts.formatError(f, e)) : null;
      if (errors) head = errors.head;
      answer = { ...result, errors: errors?.formatted };
      if (errors?.formatted.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) head.status = 503;
      if (cache && key) cache.store(key, version, answer);
    }

    // Committed: from here on this request is logged and counted here.
    countFastPathRequest("served");
    opts.recordRequest(req, res, GRAPHQL_PATH, record);
    record.caller = principalId(principal);
    record.operationType = OperationTypeNode.QUERY;
    // Apollo's `operationName`: the name of the operation run, not the one asked for.
    record.operationName = operation.name?.value;
    observeGraphQLOutcome({
      record,
      operationType: OperationTypeNode.QUERY,
      operationName: operation.name?.value,
      document: entry.document,
      variables: variables ?? undefined,
      errors: answer.errors,
      started,
    });
    // Apollo's field order (errors, data, extensions) and compact JSON.
    const serialize = () => JSON.stringify({ errors: answer.errors, data: answer.data, extensions: answer.extensions });
    // Answers with errors are never kept (nor is their status or headers), so a kept one is a plain 200.
    if (cache && key && !answer.errors?.length) await sendKept(req, res, mediaType, answer, serialize);
    else await send(req, res, head, mediaType, serialize());
  };

  return {
    handle(req, res, fallback) {
      if (closed) return false;
      const h = req.headers;
      if (req.method === "GET") {
        // A GET query (urql's default): no body, no content type (Apollo refuses others with 415), not a browser
        // opening GraphiQL.
        if (!req.url?.startsWith(`${GRAPHQL_PATH}?`)) return false;
        if (h["content-type"] !== undefined || h["content-length"] !== undefined || h["transfer-encoding"] !== undefined) return false;
        if (opensGraphiQL(h.accept, h["sec-fetch-dest"])) return false;
      } else if (req.method !== "POST" || req.url !== GRAPHQL_PATH) return false;
      // Browsers send Origin: a page on an allowed origin is answered here with CORS headers; any other (the
      // gateway's own GraphiQL page, an origin CORS does not allow) goes to the full path.
      if (h.origin !== undefined && !corsOrigins.has(h.origin)) return false;
      if (req.method === "POST" && (h["content-encoding"] !== undefined || !isJsonBody(h["content-type"]))) return false;
      // The event-stream transport answers queries of clients that take only an event stream (graphql-sse).
      if (streamFramingOf(h.accept) === "sse" && !acceptsJson(h.accept)) return false;
      const mediaType = responseMediaType(h.accept);
      if (mediaType === null || mediaType === MEDIA_JSON_CALLBACK) return false;
      if (opts.preAuth?.check(req.socket.remoteAddress ?? "") != null) return false;
      const toFullPath = (bodyError?: unknown) => {
        countFastPathRequest("full_path");
        fallback(bodyError);
      };
      serve(req, res, mediaType, toFullPath).catch((e: unknown) => {
        // Only serializing or writing the answer can fail here (every earlier step falls back).
        if (res.headersSent) return void res.destroy(e as Error);
        res.statusCode = 500;
        res.setHeader("content-type", mediaType);
        res.end(JSON.stringify({ errors: [{ message: "internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] }));
      });
      return true;
    },
    close() {
      closed = true;
    },
  };
}
