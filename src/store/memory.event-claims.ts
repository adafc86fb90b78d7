/**
 * The event bookkeeping both embedded indexes (alerts and incidents) keep per entry: which stored version is in the
 * event log, and who is appending the next one. An upsert that stores a new version reports it as a change once
 * (claims it); the reporter appends the event and acknowledges it (`markEvented`); a claim whose reporter died before
 * appending expires after the claim TTL and is reported again by the next upsert or `claimPending` sweep, so no
 * change is lost and a live reporter's change is not reported twice.
 */

import type { FenceToken } from "./store.common.types.js";
import { StaleFenceError } from "./store.errors.js";

export interface EventClaim {
  /** Time key of the stored version. */
  updatedKey: string;
  /** Time key of the newest version whose event is in the log; null before the first. */
  evented: string | null;
  /** Time key a reporter is appending an event for, until `claimUntil` (epoch ms). */
  claimed: string | null;
  claimUntil: number;
  /** Fencing token of the claimant (0 = unfenced, e.g. a mutation): a newer lease holder overrides older ones. */
  claimToken: number;
}

/** True when the stored version's event is in the log (nothing to report). */
export const isEvented = (e: EventClaim): boolean => e.evented !== null && e.evented >= e.updatedKey;

/**
 * Claims `e` for a reporter holding fencing `token` (0 = unfenced) when its stored version is not in the log and
 * nobody live is appending it; false when there is nothing to report. Claims last `ttlMs`.
 */
export function claimEvent(e: EventClaim, now: number, token: number, ttlMs: number): boolean {
  if (isEvented(e)) return false;
  // A claim by an older lease holder is dead: that replica lost the lease (killed or fenced out).
  const liveClaim = e.claimed !== null && e.claimUntil > now && !(token > 0 && e.claimToken > 0 && e.claimToken < token);
  if (liveClaim && e.claimed! >= e.updatedKey) return false;
  e.claimed = e.updatedKey;
  e.claimUntil = now + ttlMs;
  e.claimToken = token;
  return true;
}

/** Records that the event of the version with time key `k` is in the log; true when `e` awaits no event any more. */
export function acknowledgeEvent(e: EventClaim, k: string): boolean {
  if (e.evented === null || k > e.evented) e.evented = k;
  if (e.claimed !== null && e.claimed <= k) e.claimed = null;
  return isEvented(e);
}

/**
 * Up to `limit` changes of `pending` entries (those stored without an acknowledged event), claimed through `claim`;
 * entries found evented are dropped from `pending` on the way.
 */
export function claimPending<E extends EventClaim, C>(pending: Set<E>, limit: number, claim: (e: E) => C | null): C[] {
  const changes: C[] = [];
  for (const e of pending) {
    if (changes.length >= limit) break;
    if (isEvented(e)) {
      pending.delete(e);
      continue;
    }
    const change = claim(e);
    if (change) changes.push(change);
  }
  return changes;
}

/** Throws StaleFenceError when a newer lease holder exists than the writer's `fence` (`latest`: newest token handed out). */
export function checkFence(fence: FenceToken | undefined, latest: (leaseName: string) => number): void {
  if (fence && latest(fence.leaseName) > fence.token) throw new StaleFenceError(fence.leaseName, fence.token);
}
