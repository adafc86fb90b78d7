/**
 * Seeded pseudo-random numbers for the simulator's data. Never use `Math.random` for data: the same seed
 * must give byte-identical tenants, machines and alerts.
 */

export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if the list is shorter), in list order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
  /** RFC 4122 version-4 shaped GUID. */
  guid(): string;
  /** A new generator whose sequence depends on this one's current state and `salt`. */
  fork(salt: number): Prng;
}

/** mulberry32: tiny, fast, good enough for test data; 32-bit state. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number): string => {
    let out = "";
    while (out.length < length) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  const prng: Prng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("expected a non-empty list to pick from, but got []");
      return items[int(0, items.length - 1)];
    },
    sample: (items, count) => {
      const idx = items.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = int(0, i);
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx
        .slice(0, count)
        .sort((a, b) => a - b)
        .map((i) => items[i]);
    },
    hex,
    guid: () => {
      const h = hex(32).split("");
      h[12] = "4";
      h[16] = "89ab"[int(0, 3)];
      const s = h.join("");
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    fork: (salt) => createPrng((Math.floor(next() * 4294967296) ^ Math.imul(salt, 0x9e3779b1)) >>> 0),
  };
  return prng;
}
