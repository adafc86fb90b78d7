import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { ExecutionEngine } from "./execution.engine.js";

type GatewayInterface = ApolloServerOptionsWithGateway<object>["gateway"];

/**
 * Apollo Server's `gateway` option, used only for its executor hook: Apollo keeps doing everything before
 * execution (parsing and validation with the query limits, its document cache, persisted queries, CSRF, plugins)
 * and after it (error formatting and masking, plugins' `willSendResponse`, HTTP status); `engine` only replaces
 * graphql-js's `execute`. The schema never changes at runtime, so there are no updates to announce.
 */
export function executionGateway(schema: GraphQLSchema, engine: ExecutionEngine): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    load: () =>
      Promise.resolve({
        executor: (rc) =>
          engine.run({
            source: rc.source,
            document: rc.document,
            operationName: rc.operationName,
            variables: rc.request.variables,
            contextValue: rc.context,
          }),
      }),
    stop: () => Promise.resolve(),
  };
}
