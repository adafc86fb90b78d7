import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { RESPONSE_CACHE_EXTENSION } from "./cacheable.js";

/**
 * True when every field the operation can resolve is marked cacheable in the schema (see cacheable.ts).
 * Walks the operation's selections with their types, expanding named fragments and inline fragments (on
 * the root too), so `{ alerts { … } ... on Query { me { isAdmin } } }` is judged by `me` as well. Skip and
 * include directives are ignored: every field that might run counts. Only queries are eligible.
 */
export function isCacheableOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  const root = schema.getQueryType();
  if (!root) return false;
  const expanded = new Set<string>();

  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode): boolean => {
    for (const sel of selectionSet.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === "__typename") continue;
        // Introspection (`__schema`, `__type`) and fields of unions are not in getFields(): not cacheable.
        if (!isObjectType(type) && !isInterfaceType(type)) return false;
        const field = type.getFields()[name];
        if (!field || field.extensions[RESPONSE_CACHE_EXTENSION] === undefined) return false;
        const named = getNamedType(field.type);
        if (sel.selectionSet && isCompositeType(named) && !walk(named, sel.selectionSet)) return false;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (!on || !isCompositeType(on) || !walk(on, sel.selectionSet)) return false;
      } else {
        const name = sel.name.value;
        if (expanded.has(name)) continue; // judged already (and cycles are invalid anyway)
        expanded.add(name);
        const fragment = fragments.get(name);
        const on = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
        if (!fragment || !on || !isCompositeType(on) || !walk(on, fragment.selectionSet)) return false;
      }
    }
    return true;
  };

  return walk(root, operation.selectionSet);
}
