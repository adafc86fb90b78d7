/**
 * `compute` with its answers for recently seen keys remembered: for work that a write path repeats on the same values
 * (a timestamp parsed by each index an alert goes into, an evidence hash normalized for each alert that carries it,
 * an event shaped for each group that renders it). Every holder of a repeated value then also shares one answer.
 * Bounded: once `max` keys are held the memo is cleared and fills again (no eviction bookkeeping, no lasting memory);
 * `compute` must be pure. `undefined` answers are not remembered.
 */
export function rememberRecent<K, V>(compute: (key: K) => V, max: number): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= max) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
