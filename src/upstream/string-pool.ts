/**
 * A bounded pool of repeated strings (titles and descriptions of one detector, enum spellings, tenant ids, file
 * hashes and paths of common evidence): every alert mapped from upstream JSON holds its own copies, and the index
 * keeps alerts for their lifetime, so sharing one copy per distinct value is most of an alert's string memory.
 * Strings longer than `maxLength` are not pooled (unique text gains nothing and costs the lookup); once the pool holds
 * `maxEntries` distinct values it stops growing and hands new values back as they are (never evicts: a pooled string
 * costs one map entry, an unbounded pool fed unique values would be a leak).
 */
export interface StringPool {
  /** The pooled copy of `s` (or `s` itself); null and undefined pass through. */
  <S extends string | null | undefined>(s: S): S;
  readonly size: number;
}

export function createStringPool(opts: { maxEntries?: number; maxLength?: number } = {}): StringPool {
  const maxEntries = opts.maxEntries ?? 200_000;
  const maxLength = opts.maxLength ?? 2_048;
  const pool = new Map<string, string>();
  const intern = (<S extends string | null | undefined>(s: S): S => {
    if (typeof s !== "string" || s.length > maxLength) return s;
    const hit = pool.get(s);
    if (hit !== undefined) return hit as S;
    if (pool.size < maxEntries) pool.set(s, s);
    return s;
  }) as StringPool;
  Object.defineProperty(intern, "size", { get: () => pool.size });
  return intern;
}

/** The process-wide pool the upstream mappers and the embedded index share. */
export const sharedStrings: StringPool = createStringPool();

/**
 * A one-value memo for strings that repeat in runs rather than across the whole data (an alert's creation time and
 * that of each of its evidence, mostly one instant): hands back the instance it saw last when the next value is
 * equal, so a run keeps one copy (a 24-character time is 40 bytes of heap). One comparison per call, no table, nothing
 * to bound; unique values pass through as they are. Not for values that repeat far apart (use the string pool).
 */
export function createRunSharer(): <S extends string | null | undefined>(s: S) => S {
  let last: string | undefined;
  return <S extends string | null | undefined>(s: S): S => {
    if (typeof s !== "string") return s;
    if (s === last) return last as S;
    last = s;
    return s;
  };
}

/** The one empty list of the mappers, the indexes and the list pool: frozen, shared (results are read-only). */
export const EMPTY_LIST: never[] = Object.freeze([]) as unknown as never[];

/**
 * The pooled copy of a short list of strings: the same few lists recur across alerts and incidents (MITRE techniques
 * of one detector, an evidence's roles, a device's addresses, an incident's products, a device id as a facet), and a
 * list costs 56 bytes and more however short, so sharing one frozen copy per distinct content saves most of that.
 * Items are pooled through `sharedStrings` first. Lists longer than `maxItems`, lists met once the pool holds `maxEntries`,
 * and the rare list whose key collides with a different one are returned as they are (copied, items pooled). Pooled
 * lists are frozen: callers must not change what they get.
 */
export interface ListPool {
  <S extends string>(list: readonly S[]): S[];
  readonly size: number;
}

export function createListPool(opts: { maxEntries?: number; maxItems?: number } = {}): ListPool {
  const maxEntries = opts.maxEntries ?? 50_000;
  const maxItems = opts.maxItems ?? 8;
  const strings = sharedStrings;
  const pool = new Map<string, readonly string[]>();
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const exact = (list: readonly string[]) => {
    const out = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = strings(list[i]);
    return out;
  };
  const intern = (<S extends string>(list: readonly S[]): S[] => {
    if (list.length === 0) return EMPTY_LIST;
    if (list.length > maxItems) return exact(list) as S[];
    // NUL as separator: a list whose items hold NUL may share a key with another list; `same` catches that
    const key = list.length === 1 ? list[0] : list.join("\u0000");
    const hit = pool.get(key);
    if (hit !== undefined) return (same(hit, list) ? hit : exact(list)) as S[];
    const copy = Object.freeze(exact(list));
    // a one-item list is keyed by its pooled item: no second copy of the string kept for the key
    if (pool.size < maxEntries) pool.set(list.length === 1 ? copy[0] : key, copy);
    return copy as S[];
  }) as ListPool;
  Object.defineProperty(intern, "size", { get: () => pool.size });
  return intern;
}

/** The process-wide list pool the upstream mappers and the embedded indexes share. */
export const sharedLists: ListPool = createListPool();
