import { setTimeout as sleep } from "node:timers/promises";
import type { TenantState } from "./world.store.js";

export type FaultOutcome = { kind: "proceed" } | { kind: "fail"; status: number };

/** Which call is asking: faults may be limited to one face or to calls whose `METHOD /path` contains a text. */
export interface FaultCall {
  face: "defender" | "graph";
  /** e.g. "GET /v1.0/security/alerts_v2/da123" (the real path, not the route template). */
  line: string;
}

function applies(faults: NonNullable<TenantState["faults"]>, call: FaultCall | undefined): boolean {
  if (!call) return true;
  if (faults.face && faults.face !== call.face) return false;
  return !faults.match || call.line.toLowerCase().includes(faults.match.toLowerCase());
}

/**
 * Applies a tenant's injected faults to one call: hang (until cleared or closed), then latency, then failure.
 * `failCount` wins over `failRate`; `failRate` draws from Math.random because it models the network, not data.
 */
export async function applyFaults(state: TenantState, isClosed: () => boolean, call?: FaultCall): Promise<FaultOutcome> {
  const faults = state.faults;
  if (!faults || !applies(faults, call)) return { kind: "proceed" };
  if (faults.hang) {
    await new Promise<void>((resolve) => state.hung.add(resolve));
    if (isClosed()) return { kind: "fail", status: 503 };
    // Clearing the hang may also have cleared or replaced the other faults.
    return applyFaults(state, isClosed, call);
  }
  if (faults.latencyMs && faults.latencyMs > 0) await sleep(faults.latencyMs);
  if (state.failRemaining > 0) {
    state.failRemaining--;
    return { kind: "fail", status: faults.failStatus ?? 503 };
  }
  if (faults.failStatus && faults.failCount === undefined && Math.random() < (faults.failRate ?? 1)) {
    return { kind: "fail", status: faults.failStatus };
  }
  return { kind: "proceed" };
}

/** Lets every parked call continue (they re-read the tenant's faults). */
export function releaseHung(state: TenantState): void {
  const waiting = [...state.hung];
  state.hung.clear();
  for (const resolve of waiting) resolve();
}
