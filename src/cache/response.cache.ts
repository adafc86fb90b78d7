import {
  Kind,
  type DocumentNode,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { principalId } from "../auth/principal.js";
import type { GatewayContext } from "../context.js";
import { isCacheableOperation } from "./cache-eligibility.js";

export interface ResponseCacheOptions {
  /** How long an answer is reused, ms (bounds the staleness of `syncedAt` and cached devices). 0 disables. */
  ttlMs: number;
  /** Answers kept at most (oldest dropped first). Default 1,000. */
  maxEntries?: number;
  /** Changes whenever any alert changes (the event log's newest cursor). */
  dataVersion(): Promise<string | null>;
}

/** What a lookup found: a fresh answer or none, and the data version to store a new answer under. */
export interface CacheLookup {
  hit: FormattedExecutionResult | null;
  version: string | null;
}

/**
 * Whole answers of reads whose every field is marked cacheable in the schema (alert data, devices, registry data:
 * see cacheable.ts), for identical requests of callers with identical access and claims, until any alert or incident
 * changes (keyed by the event logs' newest cursors, so a write is visible to the next read) or `ttlMs` passes. Answers
 * with errors are never stored. One cache for both HTTP paths (Apollo's plugin and the query fast path): they
 * build the same keys, so they share entries.
 */
export interface ResponseCache {
  /** False when `ttlMs` is 0: nothing is looked up or stored. */
  readonly enabled: boolean;
  /** Whether `operation` of `document` may be answered from the cache (memoized per parsed document). */
  eligible(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean;
  /** The entry key of a request: caller and claims, query hash (sha256 hex of the text), operation name, variables. */
  keyOf(ctx: GatewayContext, queryHash: string, operationName: string | null | undefined, variables: unknown): string;
  lookup(key: string): Promise<CacheLookup>;
  /** Keeps an answer read at `version` (ignored when it has errors or the same version is kept already). */
  store(key: string, version: string | null, result: FormattedExecutionResult): void;
}

const fragmentsOf = (doc: DocumentNode): Map<string, FragmentDefinitionNode> =>
  new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));

/**
 * Everything an answer may depend on besides the operation and the data version: who the caller is
 * (user/app id), what the token says (admin flag, groups, app roles: `me` reads them) and the roles per
 * tenant the grants give now. Two tokens of the same user with different claims never share an entry.
 */
const callerKey = (ctx: GatewayContext): unknown[] => {
  const p = ctx.principal;
  const roles = [...ctx.scope.roles].map(([t, r]) => `${t}=${[...r].sort().join("+")}`).sort();
  return [principalId(p), p.isAdmin, [...p.groups].sort(), p.groupsComplete, [...p.appRoles].sort(), roles];
};

export function createResponseCache(opts: ResponseCacheOptions): ResponseCache {
  const maxEntries = opts.maxEntries ?? 1_000;
  const entries = new Map<string, { result: FormattedExecutionResult; version: string | null; expiresAt: number }>();
  /** Eligibility per parsed document and chosen operation (documents are reused by the document caches). */
  const eligibility = new WeakMap<DocumentNode, Map<string, boolean>>();
  return {
    enabled: opts.ttlMs > 0,
    eligible(schema, doc, op) {
      let byOp = eligibility.get(doc);
      if (!byOp) eligibility.set(doc, (byOp = new Map<string, boolean>()));
      const name = op.name?.value ?? "";
      let ok = byOp.get(name);
      if (ok === undefined) byOp.set(name, (ok = isCacheableOperation(schema, op, fragmentsOf(doc))));
      return ok;
    },
    // Variables nest at most LIMIT_MAX_VARIABLES_DEPTH levels here: both HTTP paths refused deeper ones.
    keyOf: (ctx, queryHash, operationName, variables) =>
      JSON.stringify([...callerKey(ctx), queryHash, operationName ?? null, variables ?? null]),
    async lookup(key) {
      const version = await opts.dataVersion();
      const hit = entries.get(key);
      if (!hit) return { hit: null, version };
      if (hit.version !== version || hit.expiresAt <= Date.now()) {
        entries.delete(key);
        return { hit: null, version };
      }
      return { hit: hit.result, version };
    },
    store(key, version, result) {
      if (result.errors?.length || entries.get(key)?.version === version) return;
      entries.delete(key);
      entries.set(key, { result, version, expiresAt: Date.now() + opts.ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
