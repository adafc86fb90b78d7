import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { Kind, visit, type DocumentNode, type FormattedExecutionResult } from "graphql";
import { principalId } from "../auth/principal.js";
import type { GatewayContext } from "../context.js";

export interface ResponseCacheOptions {
  /** How long an answer is reused, ms (bounds the staleness of `syncedAt` and cached devices). 0 disables. */
  ttlMs: number;
  /** Answers kept at most (oldest dropped first). Default 1,000. */
  maxEntries?: number;
  /** Changes whenever any alert changes (the event log's newest cursor). */
  dataVersion(): Promise<string | null>;
}

/** Root fields whose answers depend only on the alert index (and devices, which are TTL-cached anyway). */
const CACHEABLE_ROOTS = new Set(["alerts", "alert", "__typename"]);
/** Fields reachable under an alert whose data does not travel through the event log. */
const UNCACHEABLE_FIELDS = new Set(["sync", "alertCounts", "accessGrants", "accessGrantPolicy", "notificationRules", "deliveries"]);

const cacheable = (doc: DocumentNode): boolean => {
  let ok = true;
  let depth = 0;
  visit(doc, {
    OperationDefinition(node) {
      if (node.operation !== "query") ok = false;
    },
    SelectionSet: {
      enter() {
        depth++;
      },
      leave() {
        depth--;
      },
    },
    Field(node) {
      if (depth === 1 && !CACHEABLE_ROOTS.has(node.name.value)) ok = false;
      if (UNCACHEABLE_FIELDS.has(node.name.value)) ok = false;
    },
    FragmentSpread() {
      // Fragments could hide anything; keep the rule simple and exact.
      ok = false;
    },
  });
  return ok && doc.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION);
};

/**
 * Reuses whole answers of alert reads (`alerts`, `alert`) for identical requests of callers with identical
 * access, until any alert changes (keyed by the event log's newest cursor, so a write is visible to the
 * next read) or `ttlMs` passes. Answers with errors are never stored. This is what lets the hot list query
 * of a dashboard cost less than executing it, since alert data only changes through the log.
 */
export function responseCachePlugin(opts: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const maxEntries = opts.maxEntries ?? 1_000;
  const entries = new Map<string, { result: FormattedExecutionResult; version: string | null; expiresAt: number }>();
  const eligibleDocs = new WeakMap<DocumentNode, boolean>();

  const keyOf = (rc: GraphQLRequestContext<GatewayContext>): string => {
    const scope = rc.contextValue.scope;
    const roles = [...scope.roles].map(([t, r]) => `${t}=${[...r].sort().join("+")}`).sort().join(",");
    return JSON.stringify([principalId(rc.contextValue.principal), roles, rc.queryHash, rc.operationName ?? null, rc.request.variables ?? null]);
  };

  return {
    async requestDidStart() {
      if (opts.ttlMs <= 0) return;
      let key: string | null = null;
      let version: string | null = null;
      return {
        async responseForOperation(rc) {
          let eligible = eligibleDocs.get(rc.document);
          if (eligible === undefined) eligibleDocs.set(rc.document, (eligible = cacheable(rc.document)));
          if (!eligible || rc.operation.operation !== "query") return null;
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
        async willSendResponse(rc) {
          if (!key || rc.response.body.kind !== "single") return;
          const result = rc.response.body.singleResult;
          if (result.errors?.length || entries.get(key)?.version === version) return;
          entries.delete(key);
          entries.set(key, { result, version, expiresAt: Date.now() + opts.ttlMs });
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        },
      };
    },
  };
}
