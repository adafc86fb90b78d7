import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "./errors.js";

/**
 * HTTP 503 for any answer carrying SERVICE_UNAVAILABLE (e.g. a store error that `maskError` mapped):
 * load balancers and clients then retry instead of treating the answer as a success. Errors raised
 * as GatewayErrors with `http.status` already set it; this covers those mapped during formatting.
 */
export function serviceUnavailablePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response }) => {
          const single = response.body.kind === "single" ? response.body.singleResult : null;
          if (single?.errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) response.http.status = 503;
          return Promise.resolve();
        },
      }),
  };
}
