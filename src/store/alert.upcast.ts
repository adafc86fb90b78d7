import { defenderAlert } from "../upstream/defender.mapper.js";
import type { DefenderAlert } from "../upstream/defender.types.js";
import { AlertSeverityMap } from "../upstream/upstream.enums.js";
import type { SecurityAlert } from "../upstream/upstream.types.js";

/**
 * Reads an alert stored in Redis. Alerts and events written before the Graph switch hold the legacy wire shape (no
 * `source`); they are mapped on read, so an upgraded replica serves them at once and nothing needs a re-sync.
 */
export function storedAlert(json: string): SecurityAlert {
  return upcastAlert(JSON.parse(json) as SecurityAlert | DefenderAlert);
}

export function upcastAlert(a: SecurityAlert | DefenderAlert): SecurityAlert {
  return "source" in a && typeof a.source === "string" ? a : defenderAlert(a as DefenderAlert);
}

/** Open counts keyed by gateway severity; keys written before the Graph switch are Defender spellings (`High`, `UnSpecified`). */
export function normalizeSeverityCounts(raw: Record<string, string | number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [sev, n] of Object.entries(raw)) {
    const count = Number(n);
    if (!(count > 0)) continue;
    const key = AlertSeverityMap.fromDefender(sev).value ?? "UNKNOWN";
    out[key] = (out[key] ?? 0) + count;
  }
  return out;
}
