import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { ApolloServerPlugin } from "@apollo/server";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { NextFunction, Request, Response } from "express";

/**
 * OpenTelemetry tracing of the gateway: one SERVER span per GraphQL request over HTTP (named after the
 * operation, never carrying variables' values or the query text), one CLIENT span per upstream call (tenant,
 * route template, status, retry count) that also sends W3C `traceparent` upstream, one span per sync poll and
 * one per live-event delivery batch. Instrumentation uses only `@opentelemetry/api`, so with no provider
 * installed (the default) every hook is a no-op costing a function call.
 */

const TRACER = "mssp-alert-gateway";
const tracer = () => trace.getTracer(TRACER);

/** Attribute names that are ours (no semantic convention covers them). */
export const TraceAttr = {
  TENANT_ID: "gateway.tenant_id",
  UPSTREAM_OUTCOME: "gateway.upstream.outcome",
  UPSTREAM_PRIORITY: "gateway.upstream.priority",
  SYNC_OK: "gateway.sync.ok",
  SYNC_ALERTS: "gateway.sync.alerts",
  SYNC_EVENTS: "gateway.sync.events",
  EVENT_CURSOR: "gateway.event.cursor",
  EVENT_KIND: "gateway.event.kind",
  DELIVERY_GROUPS: "gateway.delivery.groups",
  ERROR_CODES: "gateway.error_codes",
} as const;

/** The tracing part of the settings (`OTEL_*`, see config.ts). */
export interface TracingSettings {
  OTEL_SDK_DISABLED: boolean;
  OTEL_TRACES_EXPORTER?: "none" | "otlp" | "console";
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_SERVICE_NAME: string;
  OTEL_TRACES_SAMPLER_ARG: number;
}

export interface Tracing {
  /** False when tracing is off (the default) or another provider already owned the process. */
  readonly enabled: boolean;
  /** Exports what is buffered and stops the provider. Idempotent; never throws. */
  shutdown(): Promise<void>;
}

let installed = false;

/** Whether a tracer provider was installed in this process (`installTracing`): the HTTP fast path then steps aside. */
export const isTracingInstalled = (): boolean => installed;

/**
 * Registers a global tracer provider with the given span processor (W3C trace context propagation,
 * AsyncLocalStorage context). Tests pass an InMemorySpanExporter's processor. Only the first call per
 * process installs; later ones return a disabled handle.
 */
export function installTracing(processor: SpanProcessor, opts: { serviceName?: string; sampleRatio?: number } = {}): Tracing {
  if (installed) return { enabled: false, shutdown: () => Promise.resolve() };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName ?? TRACER }),
    // A client's sampled traceparent is followed; new traces are kept at the configured ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.sampleRatio ?? 1) }),
    spanProcessors: [processor],
  });
  provider.register();
  installed = true;
  let done: Promise<void> | null = null;
  return {
    enabled: true,
    shutdown: () =>
      (done ??= provider
        .shutdown()
        .catch(() => undefined)
        .finally(() => {
          trace.disable();
          context.disable();
          propagation.disable();
          installed = false;
        })),
  };
}

/** Tracing from the `OTEL_*` settings; off unless an exporter (or an OTLP endpoint) is configured. */
export function startTracing(env: TracingSettings): Tracing {
  const exporterName =
    env.OTEL_TRACES_EXPORTER ?? (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT ? "otlp" : "none");
  if (env.OTEL_SDK_DISABLED || exporterName === "none") return { enabled: false, shutdown: () => Promise.resolve() };
  const processor =
    exporterName === "console"
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(
          new OTLPTraceExporter({
            url:
              env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
              (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces` : undefined),
          }),
        );
  return installTracing(processor, { serviceName: env.OTEL_SERVICE_NAME, sampleRatio: env.OTEL_TRACES_SAMPLER_ARG });
}

const endWith = (span: Span, error: unknown) => {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
};

/** Runs `fn` inside a new active span that ends when `fn` settles (ERROR status when it throws). */
async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn();
    } catch (e) {
      endWith(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}

/**
 * Express middleware for /graphql, mounted after the body parser (its stream callbacks would lose the async
 * context): continues the client's W3C `traceparent`, and runs the rest of the request inside a SERVER span
 * that the Apollo plugin below names after the operation.
 */
export function traceGraphQLRequests() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!installed) {
      next();
      return;
    }
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      "graphql",
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "http.route": "/graphql" } },
      parent,
    );
    res.once("close", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Names the request's span `<type> <operationName>` and marks it failed when the response carries errors (their codes only). */
export function tracingPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span) return Promise.resolve();
      return Promise.resolve({
        didResolveOperation({ operation, operationName }) {
          const name = operationName ?? "anonymous";
          const type = operation?.operation ?? "unknown";
          span.updateName(`${type} ${name}`);
          span.setAttributes({ "graphql.operation.type": type, "graphql.operation.name": name });
          return Promise.resolve();
        },
        didEncounterErrors({ errors }) {
          const codes = [
            ...new Set(errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR"))),
          ];
          span.setAttribute(TraceAttr.ERROR_CODES, codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(",") });
          return Promise.resolve();
        },
      });
    },
  };
}

/** One CLIENT span around an upstream call with all its attempts; {@link recordUpstreamAttempt} fills in the outcome. */
export function traceUpstreamCall<T>(
  call: { tenantId: string; route: string; method: string; priority: string },
  fn: () => Promise<T>,
): Promise<T> {
  return inSpan(
    call.route,
    SpanKind.CLIENT,
    {
      [TraceAttr.TENANT_ID]: call.tenantId,
      "url.template": call.route,
      "http.request.method": call.method,
      [TraceAttr.UPSTREAM_PRIORITY]: call.priority,
    },
    fn,
  );
}

/** Records one attempt of the current upstream call: status, retries so far (`http.request.resend_count`), outcome. */
export function recordUpstreamAttempt(e: { status: number | null; attempt: number; outcome: string }): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  if (e.status !== null) span.setAttribute("http.response.status_code", e.status);
  span.setAttribute("http.request.resend_count", Math.max(0, e.attempt - 1));
  span.setAttribute(TraceAttr.UPSTREAM_OUTCOME, e.outcome);
}

/** W3C `traceparent` (and `tracestate`) of the current span, for an upstream request; empty when not tracing. */
export function upstreamTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** One span per sync poll of a tenant; {@link recordSyncPollOutcome} adds counts. */
export function traceSyncPoll<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return inSpan("sync poll", SpanKind.INTERNAL, { [TraceAttr.TENANT_ID]: tenantId }, fn);
}

export function recordSyncPollOutcome(outcome: { ok: boolean; alerts: number; events: number }): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttributes({ [TraceAttr.SYNC_OK]: outcome.ok, [TraceAttr.SYNC_ALERTS]: outcome.alerts, [TraceAttr.SYNC_EVENTS]: outcome.events });
  if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: "sync poll failed" });
}

/**
 * One span per live-event delivery batch (one event rendered for every subscriber group that sees it), named after the
 * event log's subject: `deliver alert event`, `deliver incident event`.
 */
export function traceEventDelivery<T extends readonly unknown[]>(
  event: { tenantId: string; cursor: string; kind?: string },
  fn: () => Promise<T>,
  subject = "alert",
): Promise<T> {
  return inSpan(
    `deliver ${subject} event`,
    SpanKind.INTERNAL,
    {
      [TraceAttr.TENANT_ID]: event.tenantId,
      [TraceAttr.EVENT_CURSOR]: event.cursor,
      ...(event.kind ? { [TraceAttr.EVENT_KIND]: event.kind } : {}),
    },
    async () => {
      const out = await fn();
      trace.getActiveSpan()?.setAttribute(TraceAttr.DELIVERY_GROUPS, out.length);
      return out;
    },
  );
}
