/**
 * The `$filter` subset MDE documents: comparisons (`eq ne gt ge lt le`), `and`, `or`, `not`, parentheses and
 * `startswith(prop,'x')`. A tokenizer and a recursive-descent parser; never `eval`. Syntax errors throw
 * {@link ODataSyntaxError} with the offending position.
 */

export type Literal =
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  | { type: "datetime"; value: number; raw: string }
  | { type: "bool"; value: boolean }
  | { type: "null" };

export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type FilterExpr =
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; expr: FilterExpr }
  | { kind: "compare"; op: CompareOp; property: string; value: Literal }
  | { kind: "startswith"; property: string; value: Literal };

export class ODataSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ODataSyntaxError";
  }
}

type Token =
  { t: "lparen" | "rparen" | "comma"; pos: number } | { t: "ident"; v: string; pos: number } | { t: "literal"; v: Literal; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const NUMBER = /^-?\d+(?:\.\d+)?(?![\w:-])/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;
const COMPARE_OPS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);

/** Parses an ISO date or date-time; date-only and offset-less values are UTC. NaN when invalid. */
export function parseDateTime(raw: string): number {
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : /(?:Z|[+-]\d{2}:\d{2})$/i.test(raw) ? raw : `${raw}Z`;
  // Date.parse drops digits beyond milliseconds; MDE's 7-digit timestamps compare at ms precision here.
  return /^\d{4}-\d{2}-\d{2}T/.test(normalized) ? Date.parse(normalized) : NaN;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const rest = src.slice(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ t: ch === "(" ? "lparen" : ch === ")" ? "rparen" : "comma", pos: i });
      i++;
    } else if (ch === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new ODataSyntaxError(`Unterminated string literal at position ${i}`);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += src[j];
        j++;
      }
      tokens.push({ t: "literal", v: { type: "string", value }, pos: i });
      i = j + 1;
    } else {
      const dt = DATETIME.exec(rest);
      const num = NUMBER.exec(rest);
      const id = IDENT.exec(rest);
      if (dt && dt[0].length > 4 && !Number.isNaN(parseDateTime(dt[0]))) {
        tokens.push({ t: "literal", v: { type: "datetime", value: parseDateTime(dt[0]), raw: dt[0] }, pos: i });
        i += dt[0].length;
      } else if (num) {
        tokens.push({ t: "literal", v: { type: "number", value: Number(num[0]) }, pos: i });
        i += num[0].length;
      } else if (id) {
        const word = id[0];
        const lower = word.toLowerCase();
        if (lower === "null") tokens.push({ t: "literal", v: { type: "null" }, pos: i });
        else if (lower === "true" || lower === "false") tokens.push({ t: "literal", v: { type: "bool", value: lower === "true" }, pos: i });
        else tokens.push({ t: "ident", v: word, pos: i });
        i += word.length;
      } else {
        throw new ODataSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i} in '${src}'`);
      }
    }
  }
  return tokens;
}

/** Parses a `$filter` value into an expression tree. */
export function parseFilter(src: string): FilterExpr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    const tok = peek();
    throw new ODataSyntaxError(`Syntax error: expected ${what} at position ${tok ? tok.pos : src.length} in '${src}'`);
  };
  const isWord = (tok: Token | undefined, word: string): boolean => tok?.t === "ident" && tok.v.toLowerCase() === word;
  const expect = (t: "lparen" | "rparen" | "comma"): void => {
    if (peek()?.t !== t) fail(t === "lparen" ? "'('" : t === "rparen" ? "')'" : "','");
    pos++;
  };
  const literal = (): Literal => {
    const tok = peek();
    if (tok?.t !== "literal") return fail("a literal");
    pos++;
    return tok.v;
  };

  const orExpr = (): FilterExpr => {
    let left = andExpr();
    while (isWord(peek(), "or")) {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): FilterExpr => {
    let left = unary();
    while (isWord(peek(), "and")) {
      pos++;
      left = { kind: "and", left, right: unary() };
    }
    return left;
  };
  const unary = (): FilterExpr => {
    if (isWord(peek(), "not")) {
      pos++;
      return { kind: "not", expr: unary() };
    }
    return primary();
  };
  const primary = (): FilterExpr => {
    const tok = peek();
    if (tok?.t === "lparen") {
      pos++;
      const inner = orExpr();
      expect("rparen");
      return inner;
    }
    if (tok?.t === "ident" && tokens[pos + 1]?.t === "lparen") {
      if (tok.v.toLowerCase() !== "startswith") throw new ODataSyntaxError(`Unknown function '${tok.v}' at position ${tok.pos}`);
      pos += 2;
      const prop = peek();
      if (prop?.t !== "ident") return fail("a property name");
      pos++;
      expect("comma");
      const value = literal();
      expect("rparen");
      const call: FilterExpr = { kind: "startswith", property: prop.v, value };
      // `startswith(p,'x') eq true` is the OData v3 spelling; keep accepting it.
      const op = peek();
      if (op?.t === "ident" && (op.v === "eq" || op.v === "ne")) {
        pos++;
        const b = literal();
        if (b.type !== "bool") throw new ODataSyntaxError(`Expected true or false after startswith(...) ${op.v}`);
        return b.value === (op.v === "eq") ? call : { kind: "not", expr: call };
      }
      return call;
    }
    if (tok?.t === "ident") {
      pos++;
      const op = peek();
      if (op?.t !== "ident" || !COMPARE_OPS.has(op.v.toLowerCase())) return fail("a comparison operator (eq, ne, gt, ge, lt, le)");
      pos++;
      return { kind: "compare", op: op.v.toLowerCase() as CompareOp, property: tok.v, value: literal() };
    }
    return fail("a property name, 'not', '(' or a function");
  };

  if (tokens.length === 0) throw new ODataSyntaxError("Syntax error: empty $filter");
  const expr = orExpr();
  if (pos < tokens.length) fail("'and', 'or' or the end of the expression");
  return expr;
}
