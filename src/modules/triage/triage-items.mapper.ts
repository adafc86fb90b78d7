import { badInput } from "../../errors/errors.js";

/** Most distinct items one bulk change may name. */
export const BULK_MAX_ITEMS = 500;

export interface ItemKey {
  tenantId: string;
  id: string;
}

/**
 * The distinct items of a bulk change, in the order first given (a duplicate is one item: it is changed once and
 * reported once). Throws BAD_USER_INPUT for no items, an empty tenant or id, or more than {@link BULK_MAX_ITEMS}
 * distinct items; `at` is the input path named in `extensions.field`.
 */
export function toItemKeys(items: readonly ItemKey[], at = "input.items"): ItemKey[] {
  if (items.length === 0) throw badInput(`items: expected 1 to ${BULK_MAX_ITEMS} items, but got none`, at);
  const seen = new Map<string, ItemKey>();
  items.forEach((item, i) => {
    if (item.tenantId.length === 0 || item.id.length === 0)
      throw badInput(`items[${i}]: expected a tenantId and an id, but one is empty`, `${at}[${i}]`);
    const key = `${item.tenantId}\u0000${item.id}`;
    if (!seen.has(key)) seen.set(key, { tenantId: item.tenantId, id: item.id });
  });
  if (seen.size > BULK_MAX_ITEMS) throw badInput(`items: expected at most ${BULK_MAX_ITEMS} distinct items, but got ${seen.size}`, at);
  return [...seen.values()];
}
