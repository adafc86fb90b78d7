import type { ApolloServerPlugin } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { GatewayContext } from "../context.js";
import type { ResponseCache } from "./response.cache.js";

/**
 * Apollo's side of the response cache (see `ResponseCache`): answers an eligible operation from the cache before
 * execution, and keeps the answer of one that executed without errors. This is what lets the hot list query of a
 * dashboard cost less than executing it, since alert data only changes through the log.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      if (!cache.enabled) return Promise.resolve();
      let key: string | null = null;
      let version: string | null = null;
      return Promise.resolve({
        async responseForOperation(rc) {
          if (!rc.document || !rc.operation || !cache.eligible(rc.schema, rc.document, rc.operation)) return null;
          key = cache.keyOf(rc.contextValue, rc.queryHash!, rc.operationName, rc.request.variables);
          const found = await cache.lookup(key);
          version = found.version;
          if (!found.hit) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: found.hit } };
        },
        willSendResponse(rc) {
          if (key && rc.response.body.kind === "single") cache.store(key, version, rc.response.body.singleResult);
          return Promise.resolve();
        },
      });
    },
  };
}
