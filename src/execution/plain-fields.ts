import { isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/**
 * type-graphql gives every plain `@Field` a resolver of its own (`createBasicFieldResolver`: a context object and a
 * middleware dispatch, then `root[name]`), so reading `alert.title` costs a function call per field per object, and
 * graphql-jit cannot inline the property read. Where that resolver can only ever return `root[name]` (no middleware,
 * no auth roles, and the property named like the schema field) it is removed, and the default resolver (graphql-js)
 * or an inlined read (graphql-jit) does the same. Returns how many resolvers were removed.
 */
export function dropPassThroughResolvers(schema: GraphQLSchema): number {
  const fields = getMetadataStorage().fields;
  // Conservative: a schema name that anywhere is renamed or guarded keeps its resolvers everywhere.
  const keep = new Set(
    fields.filter((f) => f.name !== f.schemaName || (f.middlewares?.length ?? 0) > 0 || f.roles !== undefined).map((f) => f.schemaName),
  );
  let dropped = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve || keep.has(field.name) || !isPassThrough(field.resolve)) continue;
      field.resolve = undefined;
      dropped++;
    }
  }
  return dropped;
}

/** type-graphql's basic field resolver, recognised by its body (it is not exported). */
const isPassThrough = (fn: (...args: never[]) => unknown): boolean =>
  /applyMiddlewares\([^)]*\(\) => root\[fieldMetadata\.name\]\)/.test(String(fn));
