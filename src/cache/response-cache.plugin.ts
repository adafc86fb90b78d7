import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { Kind, type DocumentNode, type FormattedExecutionResult, type FragmentDefinitionNode } from "graphql";
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

/**
 * Reuses whole answers of reads whose every field is marked cacheable in the schema (alert data, devices,
 * registry data: see cacheable.ts) for identical requests of callers with identical access and claims,
 * until any alert changes (keyed by the event log's newest cursor, so a write is visible to the next read)
 * or `ttlMs` passes. Answers with errors are never stored. This is what lets the hot list query of a
 * dashboard cost less than executing it, since alert data only changes through the log.
 */
export function responseCachePlugin(opts: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const maxEntries = opts.maxEntries ?? 1_000;
  const entries = new Map<string, { result: FormattedExecutionResult; version: string | null; expiresAt: number }>();
  /** Eligibility per parsed document and chosen operation (documents are reused by Apollo's cache). */
  const eligibility = new WeakMap<DocumentNode, Map<string, boolean>>();

  const eligible = (rc: GraphQLRequestContext<GatewayContext>): boolean => {
    const doc = rc.document;
    const op = rc.operation;
    if (!doc || !op) return false;
    let byOp = eligibility.get(doc);
    if (!byOp) eligibility.set(doc, (byOp = new Map<string, boolean>()));
    const name = op.name?.value ?? "";
    let ok = byOp.get(name);
    if (ok === undefined) byOp.set(name, (ok = isCacheableOperation(rc.schema, op, fragmentsOf(doc))));
    return ok;
  };

  // Variables nest at most LIMIT_MAX_VARIABLES_DEPTH levels here: the HTTP guard refused deeper ones.
  const keyOf = (rc: GraphQLRequestContext<GatewayContext>): string =>
    JSON.stringify([...callerKey(rc.contextValue), rc.queryHash, rc.operationName ?? null, rc.request.variables ?? null]);

  return {
    requestDidStart() {
      if (opts.ttlMs <= 0) return Promise.resolve();
      let key: string | null = null;
      let version: string | null = null;
      return Promise.resolve({
        async responseForOperation(rc) {
          if (!eligible(rc)) return null;
          key = keyOf(rc);
          version = await opts.dataVersion();
          const hit = entries.get(key);
          if (!hit) return null;
          if (hit.version !== version || hit.expiresAt <= Date.now()) {
            entries.delete(key);
            return null;
          }
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: hit.result } };
        },
        willSendResponse(rc) {
          if (!key || rc.response.body.kind !== "single") return Promise.resolve();
          const result = rc.response.body.singleResult;
          if (result.errors?.length || entries.get(key)?.version === version) return Promise.resolve();
          entries.delete(key);
          entries.set(key, { result, version, expiresAt: Date.now() + opts.ttlMs });
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
          return Promise.resolve();
        },
      });
    },
  };
}
