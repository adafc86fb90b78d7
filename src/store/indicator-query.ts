import { ALERT_SEVERITIES } from "../upstream/upstream.enums.js";
import type { SecurityAlert } from "../upstream/upstream.types.js";
import { decodeKeysetCursor, encodeKeysetCursor } from "./alert-keyset.js";
import { TIME_KEY_WIDTH, timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import { indicatorKindOf, indicatorValue, sharedIndicatorTokens } from "./indicator.tokens.js";
import type { IndicatorTenantStats, SharedIndicatorPage, SharedIndicatorQuery, SharedIndicatorRecord } from "./indicator.types.js";
import { InvalidQueryError } from "./store.errors.js";

/**
 * What both indicator index implementations share: what one alert contributes, the stored shapes, and the read (a
 * k-way merge over the readable tenants' shared lists). Both keep, in one consistent unit (one process, or one Redis
 * hash slot):
 * - per tenant and alert, its contribution: version, severity, seen time, tokens (what a newer version is diffed against);
 * - per token and tenant, its `StoredStats`; per token, the set of its tenants;
 * - per tenant, its *shared list*: members `<lastSeen time key>\n<token>` of the tokens it saw that at least two
 *   tenants saw, so a read walks shared tokens only, newest first, whatever the number of indicators seen once.
 */

/** One alert version as the aggregate counts it. */
export interface Contribution {
  /** Time key of `lastUpdateDateTime`: a lower one than the applied version is ignored. */
  v: string;
  /** Gateway severity, `UNKNOWN` when missing. */
  s: string;
  /** Time key of when the alert saw its indicators: `createdDateTime` (else `lastUpdateDateTime`). */
  t: string;
  /** Its distinct shared-indicator tokens. */
  k: string[];
}

export function contributionOf(a: SecurityAlert): Contribution {
  const v = timeKey(a.lastUpdateDateTime) ?? ZERO_TIME_KEY;
  // a copy of exactly its length: the embedded index keeps it for the alert's lifetime, and a list grown by `push`
  // reserves room for 17 (≈ 120 bytes more per alert)
  return { v, s: a.severity ?? "UNKNOWN", t: timeKey(a.createdDateTime) ?? v, k: sharedIndicatorTokens(a).slice() };
}

/** One token's stats at one tenant as stored (times as time keys). */
export interface StoredStats {
  tenantId: string;
  /** First / last seen time keys. */
  f: string;
  l: string;
  /** Alerts counted. */
  n: number;
  /** Alerts per severity (only counts above 0). */
  s: Record<string, number>;
}

/** Shared-list member of a token: lexicographic order is (last seen, token), as tokens hold no control character. */
export const sharedMember = (lastSeenKey: string, token: string): string => `${lastSeenKey}\n${token}`;
const memberKey = (m: string) => m.slice(0, TIME_KEY_WIDTH);
const memberToken = (m: string) => m.slice(TIME_KEY_WIDTH + 1);

/** The reads an implementation provides; the query logic on top is common. */
export interface IndicatorRows {
  /** Up to `limit` members of a tenant's shared list strictly below `below` (null: from the top), greatest first. */
  shared(tenantId: string, below: string | null, limit: number): Promise<string[]>;
  /** Every tenant's stats of each token (a token nobody saw: no entry or an empty list). */
  stats(tokens: readonly string[]): Promise<Map<string, StoredStats[]>>;
}

const ORDERING = "xl";
const encodeCursor = (member: string) =>
  encodeKeysetCursor(ORDERING, "DESC", { key: memberKey(member), tenantId: "", id: memberToken(member) });
const decodeCursor = (cursor: string) => {
  const p = decodeKeysetCursor(cursor, ORDERING, "DESC");
  return sharedMember(p.key, p.id);
};

const isoOf = (key: string) => new Date(Math.floor(Number(key) / 1000)).toISOString();

const boundKey = (iso: string | undefined, field: string): string | null => {
  if (iso === undefined) return null;
  const k = timeKey(iso);
  if (k === null) throw new InvalidQueryError(field, iso);
  return k;
};

/** Severity → rank, HIGH first; values this gateway does not rank (UNKNOWN) after them. */
const SEVERITY_RANK = new Map<string, number>([...ALERT_SEVERITIES].reverse().map((s, i) => [s, i]));
const rank = (sev: string) => SEVERITY_RANK.get(sev) ?? SEVERITY_RANK.size;
/** Severity counts in a stable order: HIGH first, UNKNOWN last. */
function orderedSeverities(s: Record<string, number>): Record<string, number> {
  const keys = Object.keys(s).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  return Object.fromEntries(keys.map((k) => [k, s[k]]));
}

function recordOf(token: string, tenants: StoredStats[]): SharedIndicatorRecord {
  const severities: Record<string, number> = {};
  let f = tenants[0].f;
  let l = tenants[0].l;
  let n = 0;
  for (const t of tenants) {
    if (t.f < f) f = t.f;
    if (t.l > l) l = t.l;
    n += t.n;
    for (const [sev, c] of Object.entries(t.s)) severities[sev] = (severities[sev] ?? 0) + c;
  }
  const stats: IndicatorTenantStats[] = tenants.map((t) => ({
    tenantId: t.tenantId,
    firstSeen: isoOf(t.f),
    lastSeen: isoOf(t.l),
    alertCount: t.n,
    severities: orderedSeverities(t.s),
  }));
  return {
    token,
    kind: indicatorKindOf(token)!,
    value: indicatorValue(token),
    tenants: stats,
    firstSeen: isoOf(f),
    lastSeen: isoOf(l),
    alertCount: n,
    severities: orderedSeverities(severities),
  };
}

interface Head {
  tenantId: string;
  buf: string[];
  idx: number;
  /** Exclusive upper bound of the next chunk; null = from the top. */
  below: string | null;
  exhausted: boolean;
}

/**
 * A page of shared indicators over `rows`. Each token is emitted once, at its position for this caller: the latest
 * lastSeen among the tenants that count (readable, in the window), so neither the order nor a cursor reveals anything
 * of another tenant. The merge meets a token once per tenant of its; it decides at the first meeting (stats of every
 * tenant of the token, fetched in batches per request) and emits it at the meeting of the tenant giving its position.
 * Cost: the shared-list entries of the readable tenants above the page's end (read in chunks, one round trip per
 * refill of all tenants), plus one stats read per batch of tokens met.
 * Throws `InvalidCursorError` / `InvalidQueryError` for a bad cursor or window bound.
 */
export async function querySharedIndicators(rows: IndicatorRows, q: SharedIndicatorQuery): Promise<SharedIndicatorPage> {
  const since = boundKey(q.seenSince, "seenSince");
  const until = boundKey(q.seenUntil, "seenUntil");
  const start = q.after ? decodeCursor(q.after) : null;
  const readable = new Set(q.tenantIds);
  if (readable.size < q.minTenants || readable.size === 0) return { items: [], cursors: [], hasNextPage: false };
  const kinds = q.kinds ? new Set<string>(q.kinds) : null;
  const chunk = Math.min(500, Math.max(2 * (q.first + 1), 32));

  const counted = (s: StoredStats) => readable.has(s.tenantId) && (since === null || s.l >= since) && (until === null || s.f <= until);
  /** Token → where it sorts for this caller and the tenants that count; null when it does not qualify. */
  const verdicts = new Map<string, { position: string; tenants: StoredStats[] } | null>();
  const judge = (token: string, all: StoredStats[] | undefined) => {
    const tenants = (all ?? []).filter(counted);
    if (tenants.length < q.minTenants) return null;
    let last = tenants[0].l;
    for (const t of tenants) if (t.l > last) last = t.l;
    return { position: sharedMember(last, token), tenants };
  };
  /** Judged per batch of tokens met soon; a batch is bounded, as most tokens met are not emitted on this page. */
  const batch = Math.max(64, 2 * (q.first + 1));

  const heads: Head[] = [...readable].map((tenantId) => ({ tenantId, buf: [], idx: 0, below: start, exhausted: false }));
  const refill = async (h: Head) => {
    h.buf = await rows.shared(h.tenantId, h.below, chunk);
    h.idx = 0;
    h.exhausted = h.buf.length < chunk;
    if (h.buf.length > 0) h.below = h.buf[h.buf.length - 1];
  };
  /** Stats of the next unjudged tokens in merge order (the buffers' members, greatest first): one read per batch. */
  const judgeAhead = async (live: Head[]) => {
    const ahead: string[] = [];
    for (const h of live) for (let i = h.idx; i < h.buf.length; i++) ahead.push(h.buf[i]);
    ahead.sort((x, y) => (x < y ? 1 : x > y ? -1 : 0));
    const wanted = new Set<string>();
    for (const m of ahead) {
      if (wanted.size >= batch) break;
      const token = memberToken(m);
      if (!verdicts.has(token) && (!kinds || kinds.has(indicatorKindOf(token) ?? ""))) wanted.add(token);
    }
    const stats = await rows.stats([...wanted]);
    for (const token of wanted) verdicts.set(token, judge(token, stats.get(token)));
  };

  /** Tokens emitted on this page or known not to be (not qualifying, or on an earlier page). */
  const decided = new Set<string>();
  const page: { member: string; record: SharedIndicatorRecord }[] = [];
  while (page.length <= q.first) {
    const empty = heads.filter((h) => h.idx >= h.buf.length && !h.exhausted);
    if (empty.length > 0) {
      await Promise.all(empty.map(refill));
      continue;
    }
    const live = heads.filter((h) => h.idx < h.buf.length);
    if (live.length === 0) break;
    let best = live[0];
    for (const h of live) if (h.buf[h.idx] > best.buf[best.idx]) best = h;
    const member = best.buf[best.idx];
    const token = memberToken(member);
    if (decided.has(token) || (kinds && !kinds.has(indicatorKindOf(token) ?? ""))) {
      best.idx++;
      continue;
    }
    if (!verdicts.has(token)) await judgeAhead(live);
    best.idx++;
    const verdict = verdicts.get(token);
    // Sorts above the page start for this caller: it was on an earlier page (or moved up since).
    if (!verdict || (start !== null && verdict.position >= start)) {
      decided.add(token);
      continue;
    }
    // Normally met exactly at its position; a list read a moment before a write may hold an older member, met lower.
    if (member > verdict.position) continue;
    decided.add(token);
    const tenants = [...verdict.tenants].sort((a, b) => (a.l !== b.l ? (a.l > b.l ? -1 : 1) : a.tenantId < b.tenantId ? -1 : 1));
    page.push({ member, record: recordOf(token, tenants) });
  }
  const items = page.slice(0, q.first);
  return { items: items.map((p) => p.record), cursors: items.map((p) => encodeCursor(p.member)), hasNextPage: page.length > q.first };
}
