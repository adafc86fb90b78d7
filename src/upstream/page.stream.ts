/**
 * Iteration over upstream pages that lets each page go as soon as it is handed on.
 *
 * Why not `for await` and `yield*`: a suspended async function or generator can keep variables it no longer needs
 * (V8's interpreter saves every register at a suspension; test/upstream/page.stream.test.ts shows the effect). A
 * `for await (const page of …)` loop may then hold the page it last handled while it awaits the next one, and a
 * generator parked in `yield*` what its own loop last saw for as long as the delegate runs: with the Graph client's
 * former chain of `createdDateTime` windows, one generator per window nested through `yield*`, up to every parsed
 * page of a tenant (≈ 3.5 MB of JSON each) until its backfill ended. Optimized code appears to keep less (the gain
 * measured on a backfill was small, docs/benchmark-log.md), so this is a guarantee more than a speed-up. The loops
 * here keep pages in variables they clear before the next await.
 */

/**
 * `f` applied to each page of `source` (awaited when it returns a promise), as a stream: neither the source's page nor
 * `f`'s answer is kept once the consumer asks for the next one. Stopping early (a `return` or `break` in the
 * consumer) closes `source`; a failure of `source` or `f` ends the stream with that failure, and one of `f` closes
 * `source` first.
 */
export async function* mapPages<A, B>(source: AsyncIterable<A>, f: (page: A) => B | PromiseLike<B>): AsyncGenerator<B, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let step: IteratorResult<A> | undefined;
  let out: B | undefined;
  let finished = false;
  try {
    for (;;) {
      step = await it.next();
      if (step.done) {
        finished = true;
        return;
      }
      out = await f(step.value);
      step = undefined;
      yield out;
      out = undefined;
    }
  } catch (e) {
    // a source that failed is finished; one whose page `f` refused is closed below like an early stop
    if (step === undefined) finished = true;
    throw e;
  } finally {
    if (!finished) await it.return?.();
  }
}

/** Hands each page of `source` to `f` in turn (awaited), keeping none once `f` is done with it: `mapPages` drained. */
export async function eachPage<A>(source: AsyncIterable<A>, f: (page: A) => Promise<void> | void): Promise<void> {
  const done = mapPages(source, f);
  while (!(await done.next()).done);
}
