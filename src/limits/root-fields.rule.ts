import { Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";
import { queryTooComplex } from "./limit.errors.js";

/**
 * Caps the top-level fields of each operation (aliases and fields reached through fragments count;
 * `__typename` does not). Many root fields in one request are the breadth half of a batching attack.
 */
export function maxRootFieldsRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value !== "__typename") n += 1;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          n += count(sel.selectionSet, seen);
        } else if (!seen.has(sel.name.value)) {
          seen.add(sel.name.value);
          const fragment = context.getFragment(sel.name.value);
          if (fragment) n += count(fragment.selectionSet, seen);
        }
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        const found = count(node.selectionSet, new Set());
        if (found > max)
          context.reportError(
            queryTooComplex("rootFields", `the operation selects ${found} root fields, more than the limit of ${max}`, max, found),
          );
      },
    };
  };
}
