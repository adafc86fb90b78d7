import type { DefenderAlert, DefenderMachine } from "../upstream/defender.types.js";
import type { GraphAlert, GraphAlertComment } from "../upstream/graph.types.js";
import type { Quota } from "./quota.limiter.js";
import type { Prng } from "./random.prng.js";
import type { SimCounters, SimFaults, SimTenant } from "./simulator.types.js";

/** Everything the simulator knows about one customer tenant; both faces read and change the same state. */
export interface TenantState {
  tenant: SimTenant;
  /** Insertion order is irrelevant: readers sort. */
  /** Defender for Endpoint alerts, in the legacy API's spelling: served by both faces. */
  alerts: Map<string, DefenderAlert>;
  /** Alerts of the other Defender products (identity, Office 365, cloud apps, …), in Graph's shape: Graph face only. */
  xdrAlerts: Map<string, GraphAlert>;
  /** Incidents by id (Graph spells ids as strings; the Defender face shows them as `incidentId` numbers). */
  incidents: Map<string, SimIncident>;
  machines: DefenderMachine[];
  consented: boolean;
  /** App roles of the MSSP app for the Defender API (put into Defender tokens). */
  roles: string[];
  /** App roles of the MSSP app for Microsoft Graph (put into Graph tokens). */
  graphRoles: string[];
  faults: SimFaults | null;
  /** Remaining calls to fail under `faults.failCount`. */
  failRemaining: number;
  /** Resolvers of calls parked by `faults.hang`. */
  hung: Set<() => void>;
  /** Defender API budget (per minute and per hour). */
  budget: Quota;
  /** Graph `/security` budget, separate from the Defender one as upstream. */
  graphBudget: Quota;
  /** `POST /api/alerts/batchUpdate` budget (10/min, 500/h), apart from the other Defender calls' as upstream documents. */
  batchUpdateBudget: Quota;
  counters: SimCounters;
  /** Highest lastUpdateTime handed out, in ms: every change lands strictly after it. */
  lastUpdateMs: number;
  nextIncidentId: number;
  /** Randomness for alerts created after generation (control API, background generator). */
  live: Prng;
}

export const emptyCounters = (): SimCounters => ({ total: 0, throttled: 0, byRoute: {}, tokens: 0 });

/** What the simulator stores of an incident; `severity`, `alerts` and the effective lastUpdateDateTime are derived. */
export interface SimIncident {
  id: string;
  displayName: string;
  description: string | null;
  createdDateTime: string;
  /** Last change of the incident itself; answers show the later of this and its alerts' changes. */
  lastUpdateDateTime: string;
  assignedTo: string | null;
  classification: string;
  determination: string;
  status: string;
  redirectIncidentId: string | null;
  customTags: string[];
  systemTags: string[];
  comments: GraphAlertComment[];
  lastModifiedBy: string | null;
  priorityScore: number | null;
}
