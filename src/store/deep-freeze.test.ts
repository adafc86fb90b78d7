import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";

describe("deepFreeze", () => {
  it("freezes the value and everything it holds, in place", () => {
    const inner = { n: 1, list: [{ x: "a" }] };
    const v = { inner, tags: ["t"] };
    expect(deepFreeze(v)).toBe(v);
    for (const o of [v, inner, inner.list, inner.list[0], v.tags]) expect(Object.isFrozen(o)).toBe(true);
    expect(() => {
      inner.list[0].x = "b";
    }).toThrow(TypeError);
  });

  it("stops at what is frozen already and passes primitives and null through", () => {
    const shared = Object.freeze({ below: { n: 1 } });
    deepFreeze({ shared });
    // not walked into: a frozen part is taken as frozen all the way down (the mappers' shared parts are)
    expect(Object.isFrozen(shared.below)).toBe(false);
    expect(deepFreeze(null)).toBeNull();
    expect(deepFreeze("s")).toBe("s");
  });
});
