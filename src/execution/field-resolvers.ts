import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/**
 * type-graphql runs each `@FieldResolver` method through a generic handler (`createHandlerResolver`): per call it
 * allocates a resolver-data object, looks the resolver instance up in its container, sorts and maps the parameter
 * list, and gives `@Root()` a fresh instance of the object type class copied from the parent (`convertToType`: for
 * `Alert`, a new object with its ~60 fields per alert per field resolver). On a 100-alert page with `tenant` and
 * `machine` that is 200 such calls per request.
 *
 * Where that handler can only ever call the method with the parent, the context and the info (no middleware, no
 * auth roles, no arguments to convert or validate, and a root type whose instances carry nothing the parent lacks:
 * no methods, no getters, no field defaults), the field's resolver becomes a direct call of the method on an instance
 * of the resolver class. The method sees the same values (it reads the parent's fields, now on the parent itself
 * rather than on a copy); the result, a thrown error or a rejected promise, reaches the executor unchanged. The one
 * thing that tells them apart is the parent's class (`instanceof`, `constructor`): no resolver of ours looks at it.
 * Everything else keeps type-graphql's handler. Returns how many fields were changed.
 *
 * Precondition: the schema was built by `buildSchema` from `resolvers` without `globalMiddlewares`, `authChecker` or
 * `container` (those would apply to every handler); `buildGatewaySchema` builds it so.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export function callFieldResolversDirectly(schema: GraphQLSchema, resolvers: readonly Function[]): number {
  const storage = getMetadataStorage();
  const defs = storage.fieldResolvers.filter((d) => d.kind === "external" && resolvers.includes(d.target));
  // type-graphql picks the first resolver of a (type, method) pair; a pair defined twice keeps its handler.
  const pairs = new Map<string, number>();
  const pairOf = (d: (typeof defs)[number]) => `${d.getObjectType?.().name ?? ""}\u0000${d.methodName}`;
  for (const d of defs) pairs.set(pairOf(d), (pairs.get(pairOf(d)) ?? 0) + 1);
  let changed = 0;
  for (const d of defs) {
    if (pairs.get(pairOf(d)) !== 1 || (d.middlewares?.length ?? 0) > 0 || d.roles !== undefined) continue;
    const typeClass = d.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === typeClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!isObjectType(type)) continue;
    const field = type.getFields()[d.schemaName];
    if (!field?.resolve || !isHandlerResolver(field.resolve)) continue;
    const method = (d.target.prototype as Record<string, unknown>)[d.methodName];
    const instance = statelessInstance(d.target);
    if (typeof method !== "function" || !instance) continue;
    const getters = paramGetters(d.params ?? []);
    if (!getters) continue;
    field.resolve = directCall(method as (...a: unknown[]) => unknown, instance, getters);
    changed++;
  }
  return changed;
}

type Getter = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

/** One getter per parameter, in parameter order; null when any parameter needs what only type-graphql's handler does. */
function paramGetters(params: readonly ParamMetadata[]): Getter[] | null {
  const sorted = [...params].sort((a, b) => a.index - b.index);
  if (sorted.some((p, i) => p.index !== i)) return null;
  const out: Getter[] = [];
  for (const p of sorted) {
    if (p.kind === "root" && p.propertyName === undefined && (!p.getType || isPlainClass(p.getType()))) out.push((root) => root);
    else if (p.kind === "context") {
      const name = p.propertyName;
      out.push(name === undefined ? (_r, context) => context : (_r, context) => (context as Record<string, unknown>)[name]);
    } else if (p.kind === "info") out.push((_r, _c, info) => info);
    else return null;
  }
  return out;
}

function directCall(method: (...a: unknown[]) => unknown, instance: object, getters: Getter[]): GraphQLFieldResolver<unknown, unknown> {
  if (getters.length === 2) {
    const [a, b] = getters as [Getter, Getter];
    return (root, _args, context, info) => method.call(instance, a(root, context, info), b(root, context, info));
  }
  return (root, _args, context, info) =>
    method.apply(
      instance,
      getters.map((g) => g(root, context, info)),
    );
}

/**
 * True when `convertToType(cls, parent)` can only be a copy of the parent's own fields: a class (of an object type)
 * with no prototype members but its constructor, up its chain, and whose new instances hold no value (fields declared,
 * none initialised). A value that is not a class (a scalar's type) is left to type-graphql.
 */
function isPlainClass(cls: unknown): boolean {
  if (typeof cls !== "function" || !cls.prototype) return false;
  for (let p: object | null = cls.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null)
    if (Reflect.ownKeys(p).some((k) => k !== "constructor")) return false;
  let instance: object;
  try {
    instance = new (cls as new () => object)();
  } catch {
    return false;
  }
  return Object.values(instance).every((v) => v === undefined) && Object.getOwnPropertySymbols(instance).length === 0;
}

/** An instance of a resolver class that holds no state (so any instance is as good as type-graphql's own), or null. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a resolver class, as type-graphql's metadata holds it
function statelessInstance(cls: Function): object | null {
  try {
    const instance = new (cls as new () => object)();
    return Reflect.ownKeys(instance).length === 0 ? instance : null;
  } catch {
    return null;
  }
}

/** type-graphql's handler resolver, recognised by its body (it is not exported). */
const isHandlerResolver = (fn: (...args: never[]) => unknown): boolean => /getParams\)?\(resolverMetadata\.params/.test(String(fn));
