/** OData query strings for the Defender API: literals, query options, and URL-length-safe id filters. */

/**
 * Percent-encodes a query value exactly as it goes on the wire: `fetch` (WHATWG URL) would turn a bare `'` into
 * `%27` anyway, and the id chunking below must measure the length that is really sent.
 */
export const encodeQueryValue = (s: string) => encodeURIComponent(s).replace(/'/g, "%27");

/** A quoted OData string literal (`'` doubled). */
export const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** An OData datetime literal as Defender samples write it: unquoted ISO 8601 in UTC. */
export const odataDateTime = (t: Date | number | string) => new Date(t).toISOString();

export interface ODataQuery {
  filter?: string;
  top?: number;
  skip?: number;
  orderBy?: string;
  expand?: string;
}

/**
 * `?$filter=…&$top=…` with values percent-encoded but the `$` option names literal, as the Defender samples send
 * them (some proxies do not decode `%24filter`). Spaces become `%20`, not `+`, so a `+` in an offset survives.
 */
export function queryString(q: ODataQuery): string {
  const parts: string[] = [];
  if (q.filter) parts.push(`$filter=${encodeQueryValue(q.filter)}`);
  if (q.top !== undefined) parts.push(`$top=${Math.trunc(q.top)}`);
  if (q.skip !== undefined && q.skip > 0) parts.push(`$skip=${Math.trunc(q.skip)}`);
  if (q.orderBy) parts.push(`$orderby=${encodeQueryValue(q.orderBy)}`);
  if (q.expand) parts.push(`$expand=${encodeQueryValue(q.expand)}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

export interface IdChunkOptions {
  /** Most ids per filter. Default 50. */
  maxIds?: number;
  /**
   * Most characters of the percent-encoded filter. Default 1,800: IIS-style front ends refuse query strings over
   * 2,048 bytes by default, and a 40-hex machine id costs about 60 encoded characters.
   */
  maxEncodedLength?: number;
}

/**
 * Splits ids into `id eq 'a' or id eq 'b' …` filters that each stay under both bounds; duplicates and empty ids
 * are dropped, order is kept. One filter per upstream call.
 */
export function idFilters(ids: readonly string[], opts: IdChunkOptions = {}, property = "id"): string[] {
  const maxIds = opts.maxIds ?? 50;
  const maxLen = opts.maxEncodedLength ?? 1_800;
  const glue = encodeQueryValue(" or ").length;
  const filters: string[] = [];
  let clauses: string[] = [];
  let length = 0;
  for (const id of new Set(ids)) {
    if (!id) continue;
    const clause = `${property} eq ${odataString(id)}`;
    const cost = encodeQueryValue(clause).length;
    if (clauses.length > 0 && (clauses.length >= maxIds || length + glue + cost > maxLen)) {
      filters.push(clauses.join(" or "));
      clauses = [];
      length = 0;
    }
    length += (clauses.length ? glue : 0) + cost;
    clauses.push(clause);
  }
  if (clauses.length) filters.push(clauses.join(" or "));
  return filters;
}
