import { isScalarType, type GraphQLSchema } from "graphql";

const MEMOIZED = Symbol("memoized DateTimeISO serialization");

/**
 * `DateTimeISO` (graphql-scalars) serializes a `Date` by validating it and calling `toISOString()`, on every field of
 * every response. The `Date`s our mappers produce are reused across requests (mapped once per stored version), so
 * the string is kept per `Date` object and its time: a `Date` whose time changed since (`setTime`), an invalid one and
 * any other value go through the scalar's own `serialize`, so answers and errors are the scalar's. Installs itself
 * once per scalar (schemas built again share graphql-scalars' instance).
 */
export function memoizeDateSerialization(schema: GraphQLSchema, scalarName = "DateTimeISO"): boolean {
  const type = schema.getType(scalarName);
  if (!isScalarType(type)) return false;
  const holder = type as unknown as Record<symbol, boolean>;
  if (holder[MEMOIZED]) return true;
  const serialize = type.serialize.bind(type);
  const known = new WeakMap<Date, { time: number; iso: unknown }>();
  type.serialize = (value: unknown) => {
    if (!(value instanceof Date)) return serialize(value);
    const time = value.getTime();
    const hit = known.get(value);
    if (hit !== undefined && hit.time === time) return hit.iso;
    const iso = serialize(value); // throws for an invalid Date (NaN time is never stored)
    known.set(value, { time, iso });
    return iso;
  };
  holder[MEMOIZED] = true;
  return true;
}
