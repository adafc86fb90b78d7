import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient } from "../../src/upstream/graph.client.js";
import { eachPage, mapPages } from "../../src/upstream/page.stream.js";
import { fakeCredentials } from "./fake-defender.js";
import { gAlert, send, startFakeGraph, type FakeGraph } from "./fake-graph.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Resolves when `ref`'s target has been collected, or rejects after a few full collections that did not. */
async function collected(ref: WeakRef<object>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    // a macrotask between collections: V8 clears a WeakRef's target only after the job that dereferenced it ends
    await new Promise((r) => setImmediate(r));
    gc();
    if (ref.deref() === undefined) return;
  }
  throw new Error("the page handed on is still alive");
}

/**
 * A source of `n` pages whose request for page i (i ≥ 1) first reports `requested(i)` and then waits for `release`,
 * as a slow upstream would: the test looks at the heap while the next page is being fetched.
 */
function slowSource(
  n: number,
  requested: (i: number) => Promise<void>,
): { source: AsyncIterable<{ id: number }[]>; refs: WeakRef<object>[] } {
  const refs: WeakRef<object>[] = [];
  async function* source() {
    let page: { id: number }[] | undefined;
    for (let i = 0; i < n; i++) {
      if (i > 0) await requested(i);
      page = Array.from({ length: 100 }, (_, id) => ({ id }));
      refs.push(new WeakRef(page));
      yield page;
      // eslint-disable-next-line no-useless-assignment -- let go before the next await, as the code under test does
      page = undefined;
    }
  }
  return { source: source(), refs };
}

describe("page streams let a page go once it is handed on", () => {
  it("mapPages: neither the source's page nor the mapped one stays alive while the next page is fetched", async () => {
    const mappedRefs: WeakRef<object>[] = [];
    const checks: Promise<void>[] = [];
    const { source, refs } = slowSource(3, async (i) => {
      checks.push(collected(refs[i - 1]), collected(mappedRefs[i - 1]));
      await Promise.all(checks.slice(-2));
    });
    let seen = 0;
    // read by hand, not with `for await`, which would itself keep the last page alive
    const it = mapPages(source, (p) => p.map((x) => ({ ...x })));
    let step: IteratorResult<{ id: number }[]> | undefined;
    for (;;) {
      // eslint-disable-next-line no-useless-assignment -- let go before the await
      step = undefined;
      step = await it.next();
      if (step.done) break;
      mappedRefs.push(new WeakRef(step.value));
      seen += step.value.length;
    }
    await Promise.all(checks);
    expect(checks).toHaveLength(4);
    expect(seen).toBe(300);
  });

  it("eachPage: the page is let go once its handler is done, before the next is fetched", async () => {
    const checks: Promise<void>[] = [];
    const { source, refs } = slowSource(3, async (i) => {
      checks.push(collected(refs[i - 1]));
      await checks.at(-1);
    });
    let seen = 0;
    await eachPage(source, async (page) => {
      await Promise.resolve();
      seen += page.length;
    });
    await Promise.all(checks);
    expect(checks).toHaveLength(2);
    expect(seen).toBe(300);
  });

  it("a consumer that stops early closes the source; a failing source or handler rejects", async () => {
    let closed = 0;
    async function* numbers() {
      try {
        for (let i = 0; ; i++) yield [i];
      } finally {
        closed++;
      }
    }
    for await (const p of mapPages(numbers(), (x) => x)) if (p[0] === 2) break;
    expect(closed).toBe(1);
    await expect(eachPage(numbers(), (p) => (p[0] === 3 ? Promise.reject(new Error("handler failed")) : undefined))).rejects.toThrow(
      "handler failed",
    );
    expect(closed).toBe(2);
    async function* failing() {
      yield [1];
      throw new Error("source failed");
    }
    const pages: number[][] = [];
    await expect(eachPage(failing(), (p) => void pages.push(p))).rejects.toThrow("source failed");
    expect(pages).toEqual([[1]]);
    await expect(
      (async () => {
        for await (const _ of mapPages(numbers(), (p) => (p[0] === 1 ? refuseToMap() : p))) void _;
      })(),
    ).rejects.toThrow("mapped badly");
    expect(closed).toBe(3);
  });
});

/** A mapping that fails, as a mapper refusing a malformed page would. */
function refuseToMap(): never {
  throw new Error("mapped badly");
}

describe("Graph lists let each page go before the next request", () => {
  let fake: FakeGraph;
  beforeAll(async () => {
    fake = await startFakeGraph();
  });
  afterAll(() => fake.close());

  it("across nextLink pages and across the createdDateTime windows that read on after a full page", async () => {
    const refs: WeakRef<object>[] = [];
    const checks: Promise<void>[] = [];
    const top = 3;
    // window 1: a page with a nextLink, then a full last page without one (cut short: read on below its oldest);
    // window 2: one short page
    const created = (n: number) => new Date(Date.parse("2026-11-29T10:00:00Z") - n * 1_000).toISOString();
    const alerts = (from: number, count: number) =>
      Array.from({ length: count }, (_, k) => gAlert(`a${from + k}`, "2026-11-29T11:00:00Z", { createdDateTime: created(from + k) }));
    fake.handle((req, res) => {
      const n = fake.requests.length;
      // each request after the first: the page handed on before it must already be collectable
      if (n > 1) checks.push(collected(refs[n - 2]));
      void Promise.all(checks).then(
        () => {
          if (n === 1) return send(res, 200, { value: alerts(0, 2), "@odata.nextLink": `${fake.url}/security/alerts_v2?$skiptoken=p2` });
          if (n === 2) return send(res, 200, { value: alerts(2, 1) });
          return send(res, 200, { value: alerts(3, 1) });
        },
        (e: unknown) => send(res, 500, { error: { code: "StillAlive", message: String(e) } }),
      );
    });
    const client = createGraphClient({
      baseUrl: fake.url,
      credentialFactory: fakeCredentials().factory,
      backoff: { baseMs: 10, capMs: 50 },
    });
    const ids: string[] = [];
    await eachPage(
      client.alertsChangedSince("11111111-1111-1111-1111-111111111111", Date.parse("2026-11-29T09:00:00Z"), { top }),
      (page) => {
        refs.push(new WeakRef(page[0]));
        ids.push(...page.map((a) => a.id));
      },
    );
    await Promise.all(checks);
    expect(ids).toEqual(["a0", "a1", "a2", "a3"]);
    expect(fake.requests.map((r) => r.query.$filter ?? r.query.$skiptoken)).toEqual([
      "lastUpdateDateTime ge 2026-11-29T09:00:00.000Z",
      "p2",
      `lastUpdateDateTime ge 2026-11-29T09:00:00.000Z and createdDateTime lt ${new Date(Date.parse(created(2)) + 1).toISOString()}`,
    ]);
    expect(checks).toHaveLength(2);
  });
});
