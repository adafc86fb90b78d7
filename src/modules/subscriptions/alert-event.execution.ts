import {
  execute,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  print,
  visit,
  type ASTNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import type { AccessScope } from "../../auth/roles.js";
import { badInput, isGatewayError } from "../../errors/errors.js";
import { createContext, type GatewayContext } from "../../context.js";
import type { Services } from "../../services.js";
import type { AlertEventRecord } from "../../store/store.types.js";
import type { AlertEventHub } from "./alert-event.hub.js";
import { createEventQueue } from "./alert-event.queue.js";
import { slowConsumer } from "./alert-event.service.js";

/** The subscription root field served by the shared fan-out. */
export const ALERT_EVENTS_FIELD = "alertEvents";

/** One event rendered for one group of subscribers: executed once, serialized once. */
export interface RenderedEvent {
  /** The execution result with errors already masked. */
  result: FormattedExecutionResult;
  /** `JSON.stringify(result)` as UTF-8: the exact bytes every WebSocket subscriber of the group receives. */
  payload: Buffer;
}

export interface AlertEventsExecutorDeps {
  schema: GraphQLSchema;
  hub: AlertEventHub;
  services: Services;
  /** Masks errors the way HTTP responses are masked (no internals, known codes kept). */
  formatError(error: GraphQLError): GraphQLFormattedError;
  /** Results that may wait for a slow SSE/graphql-js consumer before its subscription fails. */
  maxPendingEvents: number;
}

export type AlertEventsExecutor = ReturnType<typeof createAlertEventsExecutor>;

const toGraphQLError = (e: unknown): GraphQLError =>
  e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e instanceof Error ? e : undefined });

/** The single root field of a subscription operation when it is `alertEvents` selected directly (no fragment, no directive). */
function alertEventsField(args: Pick<ExecutionArgs, "document" | "operationName">): FieldNode | null {
  const op = getOperationAST(args.document, args.operationName);
  if (!op || op.operation !== "subscription") return null;
  const [sel, ...rest] = op.selectionSet.selections;
  if (!sel || rest.length > 0 || sel.kind !== Kind.FIELD || sel.name.value !== ALERT_EVENTS_FIELD || (sel.directives?.length ?? 0) > 0) return null;
  return sel;
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

/**
 * What makes two subscriptions render an event identically: the document and the variables, except
 * those used only in the root field's arguments (`after`, `filter` decide *which* events, not how
 * they render). So resumed subscribers with different cursors still share one execution.
 */
function shareKeyOf(args: ExecutionArgs, field: FieldNode): string {
  const inRoot = new Map<string, number>();
  for (const arg of field.arguments ?? []) for (const [k, n] of countVariables(arg)) inRoot.set(k, (inRoot.get(k) ?? 0) + n);
  const everywhere = countVariables(args.document);
  const vars = (args.variableValues ?? {}) as Record<string, unknown>;
  const kept = Object.keys(vars)
    .filter((k) => !(inRoot.has(k) && inRoot.get(k) === everywhere.get(k)))
    .sort()
    .map((k) => [k, vars[k]]);
  return JSON.stringify([print(args.document), args.operationName ?? null, kept]);
}

/**
 * Runs `alertEvents` subscriptions on the shared fan-out: arguments are validated once, each event is
 * authorized and executed once per (principal, share key) group, and results are masked once.
 */
export function createAlertEventsExecutor(deps: AlertEventsExecutorDeps) {
  const formatResult = (result: ExecutionResult): FormattedExecutionResult => {
    const { errors, ...rest } = result;
    return errors && errors.length > 0 ? { ...rest, errors: errors.map((e) => deps.formatError(e)) } : rest;
  };

  return {
    formatResult,

    /** True when the operation can take the shared path (otherwise use graphql-js `subscribe`). */
    handles: (args: Pick<ExecutionArgs, "document" | "operationName">): boolean => alertEventsField(args) !== null,

    /**
     * Starts a shared subscription. With `direct`, every rendering goes straight to it and the returned
     * iterator only marks the subscription's lifetime (it ends on `return()`, fails with the
     * subscription's error); without, the iterator yields the results (a failure becomes a final result
     * with errors). Bad arguments (cursor, filter, variables) give an ExecutionResult with errors instead.
     */
    subscribe(
      args: ExecutionArgs & { contextValue: GatewayContext },
      direct?: (rendered: RenderedEvent, record: AlertEventRecord) => void,
    ): ExecutionResult | AsyncIterableIterator<FormattedExecutionResult> {
      const field = alertEventsField(args);
      const op = getOperationAST(args.document, args.operationName);
      const fieldDef = deps.schema.getSubscriptionType()?.getFields()[ALERT_EVENTS_FIELD];
      if (!field || !op || !fieldDef) return { errors: [new GraphQLError(`expected a subscription to ${ALERT_EVENTS_FIELD}`)] };
      const ctx = args.contextValue;
      const coerced = getVariableValues(deps.schema, op.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
      if (coerced.errors) return { errors: coerced.errors.map((e) => badInput(e.message)) };
      let request;
      try {
        request = ctx.services.alertEvents.parseRequest(ctx.scope, getArgumentValues(fieldDef, field, coerced.coerced));
      } catch (e) {
        return { errors: [isGatewayError(e) ? e : badInput(e instanceof Error ? e.message : String(e))] };
      }

      const { schema, services } = deps;
      const { document, operationName, variableValues } = args;
      const principal = ctx.principal;
      const render = async (record: AlertEventRecord, scope: AccessScope): Promise<RenderedEvent> => {
        const contextValue = await createContext(services, principal, `event:${record.cursor}`, scope);
        const result = formatResult(await execute({ schema, document, operationName, variableValues, rootValue: record, contextValue }));
        return { result, payload: Buffer.from(JSON.stringify(result)) };
      };

      let close = () => {};
      const queue = createEventQueue<FormattedExecutionResult>({
        maxPending: deps.maxPendingEvents,
        overflowError: () => slowConsumer(deps.maxPendingEvents),
        onClose: () => close(),
      });
      const sub = deps.hub.subscribe<RenderedEvent>({
        principal,
        after: request.after,
        filter: request.filter,
        shareKey: shareKeyOf(args, field),
        render,
        deliver: direct ?? ((rendered) => queue.push(rendered.result)),
        fail: (e) => {
          if (direct) return queue.fail(e);
          queue.push({ errors: [deps.formatError(toGraphQLError(e))] });
          queue.end();
        },
        end: () => queue.end(),
      });
      close = () => sub.close();
      if (queue.ended) sub.close();
      return queue.iterator;
    },
  };
}
