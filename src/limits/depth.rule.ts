import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import { queryTooComplex } from "./limit.errors.js";

/**
 * The depth limit, measured the way analysts nest connections, plus a cycle check.
 *
 * - **Depth**: a root field is level 1, each nested field one more, leaves included (graphql-armor's count), except that
 *   a connection's `edges { node { … } }` is one level (`node` of an edge type adds none) and fragments (inline or
 *   named) add none: they are type conditions and reuse, not nesting. So the incident queue with its alerts' evidence
 *   and incident, `incidents { edges { node { alerts { edges { node { evidence { ... on FileEvidence { fileDetails {
 *   sha256 } } } incident { id } } } } } } }`, is 7 levels deep.
 * - **Cycles**: one path may use a field that has a selection (`Tenant.alerts`, `Alert.tenant`) only once. Coming
 *   back to a type for its scalars (`incident { id }` under an incident's alerts) is fine; going round the same loop
 *   again (`tenants { alerts { … tenant { alerts { …` ) is how depth attacks are built, and is refused whatever the depth.
 *
 * Introspection (`__schema`, `__type`) is not counted. Both refusals are QUERY_TOO_COMPLEX with `limit: "depth"`. A
 * document whose fragments expand to more than 10,000 fields is refused as too costly (`limit: "cost"`) before that.
 */

/** Most fields the walk expands (fragments included) before it gives up on a document: reuse must not make validation slow. */
const MAX_VISITS = 10_000;

const isEdgeType = (t: GraphQLCompositeType): boolean => isObjectType(t) && "node" in t.getFields() && "cursor" in t.getFields();

interface Walk {
  deepest: number;
  /** First `Type.field` met twice on one path, if any. */
  cycle: string | null;
  visits: number;
}

export function maxDepthRule(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const schema = context.getSchema();

    const walk = (w: Walk, type: GraphQLCompositeType, set: SelectionSetNode, depth: number, path: Set<string>, expanded: Set<string>) => {
      for (const sel of set.selections) {
        if (w.visits > MAX_VISITS) return;
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          const on: GraphQLNamedType | undefined = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
          if (on && isCompositeType(on)) walk(w, on, sel.selectionSet, depth, path, expanded);
          continue;
        }
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          // Once per level: fragments add no level, so a second expansion here would only repeat the first.
          if (expanded.has(sel.name.value)) continue;
          expanded.add(sel.name.value);
          const fragment = context.getFragment(sel.name.value);
          const on = fragment && schema.getType(fragment.typeCondition.name.value);
          if (fragment && on && isCompositeType(on)) walk(w, on, fragment.selectionSet, depth, path, expanded);
          continue;
        }
        const name = sel.name.value;
        if (name === "__schema" || name === "__type") continue;
        w.visits++;
        const level = name === "node" && isEdgeType(type) ? depth : depth + 1;
        w.deepest = Math.max(w.deepest, level);
        if (!sel.selectionSet) continue;
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
        const child = field && getNamedType(field.type);
        if (!child || !isCompositeType(child)) continue; // invalid: other rules report it
        const key = `${type.name}.${name}`;
        if (path.has(key)) {
          w.cycle ??= key;
          continue;
        }
        path.add(key);
        walk(w, child, sel.selectionSet, level, path, new Set());
        path.delete(key);
      }
    };

    return {
      OperationDefinition(node) {
        const root = schema.getRootType(node.operation);
        if (!root) return;
        const w: Walk = { deepest: 0, cycle: null, visits: 0 };
        walk(w, root, node.selectionSet, 0, new Set(), new Set());
        if (w.visits > MAX_VISITS)
          context.reportError(
            queryTooComplex(
              "cost",
              `the query expands to more than ${MAX_VISITS} fields through its fragments, above the limit`,
              MAX_VISITS,
            ),
          );
        else if (w.deepest > maxDepth)
          context.reportError(
            queryTooComplex("depth", `the query is ${w.deepest} levels deep, more than the limit of ${maxDepth}`, maxDepth, w.deepest),
          );
        else if (w.cycle)
          context.reportError(
            queryTooComplex(
              "depth",
              `the query selects ${w.cycle} again inside ${w.cycle}: a path may go through each object field once, so the depth limit refuses loops`,
              maxDepth,
            ),
          );
      },
    };
  };
}
