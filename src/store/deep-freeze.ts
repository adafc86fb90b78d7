/**
 * Freezes `v` and everything it holds, in place, and returns it. Stops at what is frozen already (the mappers' shared
 * empty lists and evidence parts, items frozen by an earlier write), so re-freezing a stored item costs one check.
 * The embedded indexes freeze what they store instead of copying it: writers hand over items they built for the index
 * and do not change them afterwards, and a copy per item doubled a backfill's garbage and un-shared every pooled
 * string (a structured clone allocates each string anew).
 */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  // loops rather than Object.values: no array per object (an alert with evidence is a few dozen objects)
  if (Array.isArray(v)) for (const x of v as unknown[]) deepFreeze(x);
  else for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  return v;
}
