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
