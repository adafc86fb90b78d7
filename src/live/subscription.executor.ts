import {
  execute,
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  OperationTypeNode,
  print,
  visit,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { Principal } from "../auth/principal.js";
import type { Operation } from "../execution/execution.engine.js";
import type { ChangeRecord } from "../store/change-log.types.js";
import type { EventHub, LiveEventFilter, LiveSubscriberSpec, LiveSubscription } from "./event.hub.js";

/** One event rendered for one group of subscribers: executed once, serialized once. */
export interface RenderedEvent {
  /** The execution result with errors already masked. */
  result: FormattedExecutionResult;
  /** `JSON.stringify(result)` as UTF-8: the exact bytes every subscriber of the group receives. */
  payload: Buffer;
}

/** What a subscription's arguments ask for: where to resume, which events. */
export interface LiveRequest<R extends ChangeRecord> {
  /** Replay strictly after this cursor first; null = live events only. */
  after: string | null;
  filter: LiveEventFilter<R>;
}

/** A checked request of one root field, ready to join its log's hub: everything of the subscriber but where and what. */
export type LiveStart<S> = (spec: Omit<LiveSubscriberSpec<RenderedEvent, S, ChangeRecord>, "after" | "filter">) => LiveSubscription;

/** One subscription root field the engine serves (`alertEvents`, `incidentEvents`): its event log's hub and arguments. */
export interface LiveField<S> {
  /** Validates the root field's coerced arguments; throws a GraphQLError (e.g. BAD_USER_INPUT) to refuse them. */
  request(principal: Principal, args: Record<string, unknown>): Promise<LiveStart<S>>;
}

/**
 * Binds a root field to the hub of its event log: `parseArgs` turns the field's arguments into the cursor to resume
 * from and a filter over that log's records. The record type stays inside: the engine and the transports handle
 * every log alike.
 */
export function liveField<R extends ChangeRecord, S>(
  hub: EventHub<R, S>,
  parseArgs: (principal: Principal, args: Record<string, unknown>) => Promise<LiveRequest<R>>,
): LiveField<S> {
  return {
    async request(principal, args) {
      const { after, filter } = await parseArgs(principal, args);
      // The filter is compiled from the arguments but `after` alone: equal arguments, equivalent filters.
      const filterKey = JSON.stringify(Object.entries(args).filter(([name]) => name !== "after"));
      return (spec) => hub.subscribe<RenderedEvent>({ ...spec, after, filter, filterKey });
    },
  };
}

/** Everything the engine needs from the gateway, passed in by the composition root (no imports upward). */
export interface SubscriptionExecutorDeps<S> {
  schema: GraphQLSchema;
  /** The subscription root fields the engine serves, by name; a subscription selects exactly one of them. */
  fields: Readonly<Record<string, LiveField<S>>>;
  /** The GraphQL context an event is rendered with (fresh per event and group: loaders are per request). */
  contextFor(principal: Principal, requestId: string, scope: S): Promise<unknown>;
  /** Masks errors the way HTTP responses are masked (no internals, known codes kept). */
  formatError(error: GraphQLError): GraphQLFormattedError;
  /**
   * Renders an event: the operation with the event's record as root value. Default: graphql-js. The gateway passes
   * its execution engine (graphql-jit by default, `EXECUTION_ENGINE`), which compiles each document once.
   */
  execute?(op: Operation): Promise<ExecutionResult>;
}

/** Where a started subscription's output goes (the transport). At most one of `fail`/`end` is called, once. */
export interface LiveSink {
  /** One rendered event, in log order, never twice. */
  next(rendered: RenderedEvent, record: ChangeRecord): void;
  /** The subscription failed (CURSOR_EXPIRED, a rendering error): send this as its final error. */
  fail(error: GraphQLFormattedError): void;
  /** The engine shut down (process draining): close so the client resumes elsewhere. */
  end(): void;
}

/** A subscription whose document and arguments were checked: nothing runs until `start`. */
export interface PreparedSubscription {
  /** The operation's name (access log), when it has one. */
  operationName: string | null;
  start(sink: LiveSink): LiveSubscription;
}

export type SubscriptionExecutor = ReturnType<typeof createSubscriptionExecutor>;

export interface SubscriptionOperation {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  principal: Principal;
}

const toGraphQLError = (e: unknown): GraphQLError =>
  e instanceof GraphQLError
    ? e
    : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e instanceof Error ? e : undefined });

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/** The root fields a selection set runs with these variables (fragments followed, @skip/@include applied). */
function rootFields(set: SelectionSetNode, doc: DocumentNode, variables: Record<string, unknown>, out: FieldNode[] = []): FieldNode[] {
  const fragments = new Map(doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const included = (node: FieldNode | Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const walk = (s: SelectionSetNode) => {
    for (const sel of s.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else {
        const f = fragments.get(sel.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(set);
  return out;
}

const countVariables = (node: ASTNode): Map<string, number> => {
  const counts = new Map<string, number>();
  visit(node, {
    VariableDefinition: () => false,
    Variable: (v) => {
      counts.set(v.name.value, (counts.get(v.name.value) ?? 0) + 1);
    },
  });
  return counts;
};

/** Printed documents: the live transports share cached documents, so subscribers of one document print it once. */
const printed = new WeakMap<DocumentNode, string>();
const printOnce = (doc: DocumentNode): string => {
  let text = printed.get(doc);
  if (text === undefined) printed.set(doc, (text = print(doc)));
  return text;
};

/**
 * What makes two subscriptions render an event identically: the document and the variables, except
 * those used only in the root field's arguments (`after`, `filter` decide *which* events, not how
 * they render). So resumed subscribers with different cursors still share one execution.
 */
function shareKeyOf(op: SubscriptionOperation, field: FieldNode): string {
  const inRoot = new Map<string, number>();
  for (const arg of field.arguments ?? []) for (const [k, n] of countVariables(arg)) inRoot.set(k, (inRoot.get(k) ?? 0) + n);
  const everywhere = countVariables(op.document);
  const vars = op.variableValues ?? {};
  const kept = Object.keys(vars)
    .filter((k) => !(inRoot.has(k) && inRoot.get(k) === everywhere.get(k)))
    .sort()
    .map((k) => [k, vars[k]]);
  return JSON.stringify([printOnce(op.document), op.operationName ?? null, kept]);
}

/**
 * The one execution path of subscriptions, whatever the transport and whichever event log: arguments are checked
 * before anything starts (so transports can refuse them with their own error form), then the root field's hub
 * authorizes each event per principal and renders it once per (principal, share key) group; results are masked once.
 */
export function createSubscriptionExecutor<S>(deps: SubscriptionExecutorDeps<S>) {
  const formatResult = (result: ExecutionResult): FormattedExecutionResult => {
    const { errors, ...rest } = result;
    return errors && errors.length > 0 ? { ...rest, errors: errors.map((e) => deps.formatError(e)) } : rest;
  };

  return {
    formatResult,

    /**
     * Checks a (parsed and validated) subscription operation: its root field, variables and arguments.
     * Returns the errors to send (codes set: BAD_USER_INPUT…) or a subscription ready to start.
     */
    async prepare(op: SubscriptionOperation): Promise<{ errors: readonly GraphQLError[] } | PreparedSubscription> {
      const operation = getOperationAST(op.document, op.operationName);
      if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION)
        return { errors: [badRequest("expected a subscription operation")] };
      const coerced = getVariableValues(deps.schema, operation.variableDefinitions ?? [], op.variableValues ?? {});
      if (coerced.errors) return { errors: coerced.errors.map((e) => badRequest(e.message)) };
      const fields = rootFields(operation.selectionSet, op.document, coerced.coerced);
      const field = fields[0];
      const live = field && Object.hasOwn(deps.fields, field.name.value) ? deps.fields[field.name.value] : undefined;
      const fieldDef = field && deps.schema.getSubscriptionType()?.getFields()[field.name.value];
      if (fields.length !== 1 || !field || !live || !fieldDef)
        return { errors: [badRequest(`expected a subscription to exactly one root field, ${Object.keys(deps.fields).join(" or ")}`)] };
      let start: LiveStart<S>;
      try {
        start = await live.request(op.principal, getArgumentValues(fieldDef, field, coerced.coerced));
      } catch (e) {
        return { errors: [e instanceof GraphQLError ? e : badRequest(e instanceof Error ? e.message : String(e))] };
      }

      const { schema } = deps;
      const { document, principal } = op;
      const operationName = op.operationName ?? undefined;
      const variableValues = op.variableValues ?? undefined;
      // the compiled-query cache's key (with the operation name): the printed document, once per document
      const source = printOnce(document);
      const render = async (record: ChangeRecord, scope: S): Promise<RenderedEvent> => {
        const contextValue = await deps.contextFor(principal, `event:${record.cursor}`, scope);
        const result = formatResult(
          deps.execute
            ? await deps.execute({ source, document, operationName, variables: variableValues, contextValue, rootValue: record })
            : await execute({ schema, document, operationName, variableValues, rootValue: record, contextValue }),
        );
        return { result, payload: Buffer.from(JSON.stringify(result)) };
      };
      const shareKey = shareKeyOf(op, field);

      return {
        operationName: operation.name?.value ?? null,
        start: (sink) =>
          start({
            principal,
            shareKey,
            render,
            // Methods, not arrow properties: tsx names each arrow it assigns (`__name`), which costs a property
            // dictionary per closure, and these exist once per subscriber.
            deliver(rendered, record) {
              sink.next(rendered, record);
            },
            fail(e) {
              sink.fail(deps.formatError(toGraphQLError(e)));
            },
            end() {
              sink.end();
            },
          }),
      };
    },
  };
}
