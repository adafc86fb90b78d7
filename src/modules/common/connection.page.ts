import { badInput } from "../../errors/errors.js";
import type { PageInfo } from "./page-info.type.js";

/**
 * Page size bounds of the index-backed connections (alerts, incidents, an incident's alerts, shared indicators):
 * default 25, at most 100 (a hard cap, not a suggestion).
 */
export const PAGE_SIZE = { default: 25, max: 100 } as const;

/**
 * The page size a caller asked for: `bounds.default` when `first` is absent; BAD_USER_INPUT (`extensions.field` =
 * `first`) unless it is an integer from 1 to `bounds.max`.
 */
export function pageSize(first: number | null | undefined, bounds: { readonly default: number; readonly max: number }): number {
  const n = first ?? bounds.default;
  if (!Number.isInteger(n) || n < 1 || n > bounds.max)
    throw badInput(`first: expected an integer from 1 to ${bounds.max}, but got ${n}`, "first");
  return n;
}

/**
 * A forward-only Relay connection of one page: an edge per item with its cursor (`cursors[i]` for `items[i]`), and the
 * page info (`hasPreviousPage` when the page started after a cursor).
 */
export function connectionOf<T, N>(
  items: readonly T[],
  cursors: readonly string[],
  toNode: (item: T) => N,
  page: { hasNextPage: boolean; after: string | null | undefined },
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfo } {
  const edges = items.map((item, i) => ({ cursor: cursors[i], node: toNode(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: page.after != null,
      startCursor: edges[0]?.cursor ?? null,
    },
  };
}
