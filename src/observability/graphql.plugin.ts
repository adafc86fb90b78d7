import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { Kind, visit, type DocumentNode, type GraphQLFormattedError } from "graphql";
import { principalId } from "../auth/principal.js";
import type { GatewayContext } from "../context.js";
import { countGraphQLError, countRejectedRequest, observeGraphQLRequest } from "./metrics.js";
import type { RequestRecord } from "./request-log.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_NAMES = 200;
const MAX_TENANTS = 20;
const seenNames = new Set<string>();

/** Operation names become a label only while there are few of them (bounded cardinality). */
function nameLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!NAME.test(name)) return "other";
  if (seenNames.has(name)) return name;
  if (seenNames.size >= MAX_NAMES) return "other";
  seenNames.add(name);
  return name;
}

const TENANT_KEYS = new Set(["tenantId", "tenantIds"]);

/** Tenant ids written literally in a document (`tenantId`/`tenantIds` arguments and input fields), per parsed document. */
const literalTenants = new WeakMap<DocumentNode, readonly string[]>();

function tenantsInDocument(document: DocumentNode): readonly string[] {
  let found = literalTenants.get(document);
  if (found) return found;
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string" && v.length <= 64) out.add(v);
  };
  const collect = (value: { kind: Kind; value?: unknown; values?: readonly { kind: Kind; value?: unknown }[] }) => {
    if (value.kind === Kind.STRING) add(value.value);
    else if (value.kind === Kind.LIST) for (const v of (value.values ?? []).slice(0, MAX_TENANTS)) if (v.kind === Kind.STRING) add(v.value);
  };
  visit(document, {
    ObjectField: (node) => (TENANT_KEYS.has(node.name.value) ? collect(node.value) : undefined),
    Argument: (node) => (TENANT_KEYS.has(node.name.value) ? collect(node.value) : undefined),
  });
  found = [...out];
  // Apollo hands out the same DocumentNode for the same query text (its document cache), so this walk is once per document.
  literalTenants.set(document, found);
  return found;
}

/** Tenant ids named in variables (any depth ≤ 3) and in literal `tenantId`/`tenantIds` arguments. */
export function tenantsNamed(document: DocumentNode | undefined, variables: Record<string, unknown> | undefined): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string" && v.length <= 64) out.add(v);
    else if (Array.isArray(v)) for (const x of v.slice(0, MAX_TENANTS)) if (typeof x === "string" && x.length <= 64) out.add(x);
  };
  const walk = (v: unknown, depth: number) => {
    if (depth > 3 || typeof v !== "object" || v === null || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (TENANT_KEYS.has(k)) add(x);
      else walk(x, depth + 1);
    }
  };
  walk(variables, 0);
  if (document) for (const t of tenantsInDocument(document)) out.add(t);
  return [...out].slice(0, MAX_TENANTS);
}

/** The error's `extensions.code`; codes are strings by contract (anything else counts as UNKNOWN). */
const errorCode = (e: { extensions?: Record<string, unknown> }): string =>
  typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN";

/** What one HTTP GraphQL request ended with, as the observability plugin and the query fast path see it. */
export interface GraphQLOutcome {
  record: RequestRecord | undefined;
  /** `query`, `mutation`, … or `unknown` when no operation was resolved. */
  operationType: string;
  operationName: string | null | undefined;
  document: DocumentNode | undefined;
  variables: Record<string, unknown> | undefined;
  /** The formatted errors of the answer. */
  errors: readonly GraphQLFormattedError[] | undefined;
  /** `process.hrtime.bigint()` when the request started. */
  started: bigint;
}

/** Latency by operation and outcome, error codes, and the operation/tenant fields of the access-log line. */
export function observeGraphQLOutcome(o: GraphQLOutcome): void {
  const codes = [...new Set((o.errors ?? []).map((e) => errorCode(e)))];
  for (const e of o.errors ?? []) countGraphQLError(errorCode(e));
  if (o.record) {
    const tenants = new Set(tenantsNamed(o.document, o.variables));
    for (const e of o.errors ?? []) if (typeof e.extensions?.tenantId === "string") tenants.add(e.extensions.tenantId);
    if (tenants.size) o.record.tenants = [...tenants].slice(0, MAX_TENANTS);
    if (codes.length) o.record.errorCodes = codes;
  }
  const rejected = o.operationType === "unknown" || codes.includes("QUERY_TOO_COMPLEX");
  if (codes.includes("QUERY_TOO_COMPLEX")) countRejectedRequest("query_too_complex");
  const outcome = rejected ? "rejected" : o.errors?.length ? "error" : "ok";
  observeGraphQLRequest(o.operationType, nameLabel(o.operationName), outcome, Number(process.hrtime.bigint() - o.started) / 1e9);
}

/**
 * GraphQL-level observability for the HTTP endpoint: latency by operation and outcome, error codes, and
 * the caller/operation/tenant fields of the access-log line.
 */
export function observabilityPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin hooks are typed to return a Promise
    async requestDidStart(start: GraphQLRequestContext<GatewayContext>) {
      const started = process.hrtime.bigint();
      const record = start.contextValue.request;
      if (record) record.caller = principalId(start.contextValue.principal);
      let operationType = "unknown";
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin hooks are typed to return a Promise
        async didResolveOperation(ctx) {
          operationType = ctx.operation?.operation ?? "unknown";
          if (record) {
            record.operationType = operationType;
            record.operationName = ctx.operationName ?? undefined;
          }
        },
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin hooks are typed to return a Promise
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          observeGraphQLOutcome({
            record,
            // No operation (parse/validation failed): rejected.
            operationType: ctx.operation ? operationType : "unknown",
            operationName: ctx.operationName,
            document: ctx.document,
            variables: ctx.request.variables,
            errors: body.kind === "single" ? body.singleResult.errors : body.initialResult.errors,
            started,
          });
        },
      };
    },
  };
}
