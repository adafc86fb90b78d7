import type { GraphAlert } from "../upstream/graph.types.js";

/**
 * Alerts as list pages send them, serialized once per alert version and caller preference instead of on every page:
 * a backfill pages through every alert of a tenant, and serializing 1,000 alerts of ≈ 3.5 KB each per page was most of
 * the simulator's work. The bytes are exactly what `JSON.stringify(present(alert))` gives, so the HTTP answer does not
 * change.
 */

/**
 * Everything a stored alert may change in place (the Graph-only alerts are patched, commented and merged where they
 * are stored; Defender alerts get a new mapped object per change anyway): a cached text is reused while this is equal.
 */
const versionOf = (a: GraphAlert): string =>
  `${a.lastUpdateDateTime}|${a.incidentId}|${a.incidentWebUrl}|${a.status}|${a.classification}|${a.determination}|${a.assignedTo}|${a.resolvedDateTime}|${a.comments.length}`;

interface Serialized {
  version: string;
  /** Text without / with `Prefer: include-unknown-enum-members` (evolvable enum members differ between the two). */
  plain?: string;
  withUnknown?: string;
}

const cache = new WeakMap<GraphAlert, Serialized>();

/** `JSON.stringify(present(a, include))`, remembered per alert object until one of its mutable fields changes. */
export function serializedAlert(a: GraphAlert, include: boolean, present: (a: GraphAlert, include: boolean) => GraphAlert): string {
  const version = versionOf(a);
  let hit = cache.get(a);
  if (hit?.version !== version) cache.set(a, (hit = { version }));
  const slot = include ? "withUnknown" : "plain";
  return (hit[slot] ??= JSON.stringify(present(a, include)));
}

/**
 * The JSON text of `head` with a last member `"value": [...]` whose items are already serialized: the same bytes as
 * `JSON.stringify({ ...head, value })` when `items[i]` is the text of `value[i]`.
 */
export function withSerializedValue(head: Record<string, unknown>, items: readonly string[]): string {
  const open = JSON.stringify(head).slice(0, -1);
  return `${open}${open.length > 1 ? "," : ""}"value":[${items.join(",")}]}`;
}
