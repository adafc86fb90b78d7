/** How an answer's body goes on the wire: as serialized, or compressed as negotiated. */
export type BodyEncoding = "identity" | "br" | "gzip" | "deflate";

/**
 * The bytes of answers that are sent again and again: the response cache hands the query fast path the same answer
 * object on every hit, so its JSON text and each compressed form are made once, on the first hit that needs them,
 * and then written as they are. Without this, every hit serialized the whole answer again (≈ 0.2 ms for a page of
 * 100 alerts) and compressed it again (brotli or gzip, ≈ 1 ms).
 *
 * Keyed weakly by the answer object: the forms live exactly as long as the cache keeps the answer (an entry
 * replaced by a newer data version, expired or dropped takes its bytes with it), so this adds no lifetime, no
 * size limit and no invalidation of its own. Only answers the cache keeps belong here: a fresh answer's object
 * is never seen again.
 */
export interface AnswerBytesMemo {
  /**
   * The answer's body in `encoding`. `serialize` makes the JSON text (called at most once per answer, and only when
   * no form of it is known yet); `compress` makes a compressed form from the identity bytes. A compression that
   * fails rejects and remembers nothing.
   */
  bytesOf(
    answer: object,
    encoding: BodyEncoding,
    serialize: () => string,
    compress: (identity: Buffer, encoding: Exclude<BodyEncoding, "identity">) => Promise<Buffer>,
  ): Buffer | Promise<Buffer>;
}

export function createAnswerBytesMemo(): AnswerBytesMemo {
  const forms = new WeakMap<object, Partial<Record<BodyEncoding, Buffer>>>();
  return {
    bytesOf(answer, encoding, serialize, compress) {
      let known = forms.get(answer);
      if (!known) forms.set(answer, (known = {}));
      const hit = known[encoding];
      if (hit) return hit;
      const identity = (known.identity ??= Buffer.from(serialize()));
      if (encoding === "identity") return identity;
      const memo = known;
      return compress(identity, encoding).then((bytes) => (memo[encoding] = bytes));
    },
  };
}
