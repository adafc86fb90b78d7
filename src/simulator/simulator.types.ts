/**
 * Public contracts of the Microsoft-cloud simulator: options, the handle returned by `createSimulator`, and the
 * typed control surface shared by the in-process API and the `/_sim/*` HTTP routes.
 */
import type { DefenderAlert, DefenderMachine } from "../upstream/defender.types.js";
import type { GraphAlert, GraphIncident } from "../upstream/graph.types.js";

export interface SimulatorOptions {
  /** Seed of all generated data. Same seed and same `epochMs` ⇒ byte-identical tenants, machines and alerts. Default 42. */
  seed?: number;
  /** "Now" at generation time, in ms since the epoch; initial alerts lie in the 7 days before it. Default `Date.now()`. */
  epochMs?: number;
  /** Number of demo customer tenants. Default 3. */
  tenantCount?: number;
  /** Initial alerts per tenant, spread over the last 7 days. Default 40. */
  alertsPerTenant?: number;
  /** Machines per tenant. Default 15. */
  machinesPerTenant?: number;
  /**
   * Alerts of the other Defender products (identity, Office 365, cloud apps, cloud, Sentinel) per tenant, served
   * only by the Graph face, as the legacy Defender for Endpoint API never returned them. Default
   * `round(alertsPerTenant / 4)`.
   */
  xdrAlertsPerTenant?: number;
  /**
   * Background activity period in ms: every period one new alert in a random tenant and one update of an existing
   * alert (status change or comment). 0 turns it off. Default 0.
   */
  generateIntervalMs?: number;
  /** Interface both listeners bind to. Default "127.0.0.1". With "0.0.0.0" or "::" the URLs name 127.0.0.1. */
  host?: string;
  /**
   * Base URL put into token issuers, `jwksUrl` and `/_sim/info` when clients reach the simulator under another
   * name than the bind address (e.g. "http://simulator:4010" in compose). Default `httpUrl ?? httpsUrl`.
   */
  publicUrl?: string;
  /** HTTP port; 0 = ephemeral, null = no HTTP listener. Default 0. */
  httpPort?: number | null;
  /** HTTPS port (self-signed certificate); 0 = ephemeral, null = no HTTPS listener. Default 0. */
  httpsPort?: number | null;
  /**
   * Directory for the self-signed certificate (`cert.pem` = the CA to trust, `key.pem`). An existing, still valid
   * pair there is reused. Default `os.tmpdir()/mssp-sim-certs-<pid>`.
   */
  certDir?: string;
  /** Client id of the MSSP multi-tenant app accepted by the token endpoint. Default "00000000-0000-0000-0000-00000000a11e". */
  clientId?: string;
  /** Its client secret. Default "simulator-secret". */
  clientSecret?: string;
  /** Audience of user and partner-app tokens for the gateway. Default "api://mssp-alert-gateway". */
  gatewayAppId?: string;
  /** The MSSP's own Entra tenant, where analysts and the gateway app live. Default {@link DEFAULT_MSSP_TENANT_ID}. */
  msspTenantId?: string;
  /** Defender API budget per tenant (the MSSP app is the only app). Default 100 per minute, 1500 per hour. */
  limits?: SimLimits;
  /**
   * Most rows one Graph list page holds, whatever `$top` asks; the rest follows through `@odata.nextLink`. Default: a
   * page holds what `$top` asks (≤ 1,000, its documented maximum), 100 rows without `$top`.
   */
  graphPageSize?: number;
  /** Graph `/security` budget per tenant, counted apart from the Defender one. Default 150 per minute (perHour 1,000,000). */
  graphLimits?: SimLimits;
  /** Partner apps registered in the MSSP tenant (client-credentials tokens for the gateway). Default {@link DEMO_PARTNER_APPS}. */
  partnerApps?: SimPartnerApp[];
}

/** A partner tool's app registration in the MSSP tenant: it gets app-only tokens for the gateway's audience. */
export interface SimPartnerApp {
  /** Short name, e.g. "partner-siem" (`npm run -s token -- --app partner-siem`). */
  name: string;
  /** Client (application) id, a GUID: the `azp`/`appid` of its tokens. */
  appId: string;
  /** Client secret the token endpoint accepts. */
  secret: string;
  /** App roles assigned to it on the gateway's app registration (the `roles` claim). */
  roles: string[];
}

/** The demo partner apps every simulator registers unless told otherwise. */
export const DEMO_PARTNER_APPS: readonly SimPartnerApp[] = [
  { name: "partner-siem", appId: "5131e000-0000-4000-8000-00000000051e", secret: "partner-siem-secret", roles: ["Alerts.Read"] },
  {
    name: "partner-soar",
    appId: "50a40000-0000-4000-8000-0000000050a4",
    secret: "partner-soar-secret",
    roles: ["Alerts.Read", "Alerts.ReadWrite"],
  },
];

export const DEFAULT_MSSP_TENANT_ID = "0d9c5f7e-4b1a-4c3e-9f2d-5a6b7c8d9e0f";

export interface SimTenant {
  /** Entra tenant id (GUID), also `aadTenantId` of its alerts. */
  id: string;
  name: string;
  /** Geo of the tenant's Defender data: "us" | "eu" | "uk" | "au". */
  region: string;
  /** Primary domain, e.g. "contosopharma.example". */
  domain: string;
}

export interface SimLimits {
  /** Calls per sliding minute. */
  perMinute: number;
  /** Calls per sliding hour. */
  perHour: number;
}

/**
 * Failure injected into a tenant's Defender API calls (after authentication and budget accounting: a failed call
 * still spends budget, as upstream). Faults stay until cleared.
 */
export interface SimFaults {
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /** HTTP status to answer with instead of the real response (e.g. 500, 503). */
  failStatus?: number;
  /** Probability in [0, 1] that a call fails with `failStatus`. Default 1 when `failStatus` is set. */
  failRate?: number;
  /** Fail only the next N calls with `failStatus` (default 503), then recover. Takes precedence over `failRate`. */
  failCount?: number;
  /** Never answer until the fault is cleared (then the call proceeds normally) or the simulator closes. */
  hang?: boolean;
  /** Also apply the fault to this tenant's token endpoint. Default false. */
  includeTokenEndpoint?: boolean;
  /** Only the calls of this face: "defender" (`/api/...`) or "graph" (`/v1.0/...`, inner `$batch` requests included). Default both. */
  face?: "defender" | "graph";
  /**
   * Only calls whose `METHOD /path` contains this text (case-insensitive), e.g. "PATCH /v1.0/security/alerts_v2/da12"
   * or "alerts_v2/ar": fails one inner `$batch` request while its siblings succeed. Default every call.
   */
  match?: string;
}

export interface SimCounters {
  /** Authenticated Defender API calls, throttled ones included. */
  total: number;
  /** Calls answered 429. */
  throttled: number;
  /**
   * Calls per route template, e.g. "GET /api/alerts", "PATCH /api/alerts/{id}", "GET /v1.0/security/alerts_v2".
   * Each inner `$batch` request counts under its own route; the `$batch` envelope counts as "POST /v1.0/$batch".
   */
  byRoute: Record<string, number>;
  /** Token requests granted for this tenant. */
  tokens: number;
}

/** Fields `control.updateAlert` accepts: the PATCH fields plus any ground-truth field except identity. */
export type SimAlertUpdate = Partial<Omit<DefenderAlert, "id" | "aadTenantId" | "comments" | "lastUpdateTime">> & {
  comment?: string;
  /** Author of `comment`. Default "simulator". */
  commentBy?: string;
};

/** Fields `control.createAlert` accepts; everything missing is generated (on a random machine of the tenant). */
export type SimAlertInit = Partial<Omit<DefenderAlert, "aadTenantId" | "lastUpdateTime">>;

export interface SimTenantInfo extends SimTenant {
  consented: boolean;
  /** App roles granted to the MSSP app in this tenant (put into Defender tokens). */
  roles: string[];
  /** App roles for Microsoft Graph (put into Graph tokens). */
  graphRoles: string[];
  /** Defender for Endpoint alerts (both faces). */
  alertCount: number;
  /** Alerts of the other products (Graph face only). */
  xdrAlertCount: number;
  incidentCount: number;
  graphLimits: SimLimits;
  machineCount: number;
  limits: SimLimits;
  faults: SimFaults | null;
}

export interface SimGeneratorState {
  /** Current period in ms; 0 = stopped. */
  intervalMs: number;
  /** Steps run so far (timer and manual). */
  steps: number;
}

/** Result of one background-generator step. */
export interface SimGeneratorStep {
  created: { tenantId: string; alert: DefenderAlert };
  updated: { tenantId: string; alert: DefenderAlert } | null;
}

/**
 * Test and benchmark control of the simulator. Every operation is also served over HTTP under `/_sim/`
 * (see README). Unknown tenant or alert ids throw an `Error` whose `status` property is 404; invalid input has 400.
 */
export interface SimulatorControl {
  listTenants(): SimTenantInfo[];
  /** Replaces the tenant's faults. */
  setFaults(tenantId: string, faults: SimFaults): void;
  clearFaults(tenantId: string): void;
  /** Limits of one tenant, or of all tenants (and the default for none) when `tenantId` is omitted. Resets no windows. */
  setLimits(limits: SimLimits, tenantId?: string): void;
  getCounters(tenantId: string): SimCounters;
  /** Zeroes the counters of one or all tenants. */
  resetCounters(tenantId?: string): void;
  /** Forgets the calls in the rate-limit windows of one or all tenants, so the full budget is available again. */
  resetBudget(tenantId?: string): void;
  createAlert(tenantId: string, init?: SimAlertInit): DefenderAlert;
  /** Same semantics as PATCH (lastUpdateTime strictly increases) but unchecked and without budget. */
  updateAlert(tenantId: string, alertId: string, update: SimAlertUpdate): DefenderAlert;
  /** Ground truth of the legacy face (Defender for Endpoint alerts), evidence included, in alertCreationTime order. Costs no budget. */
  listAlerts(tenantId: string): DefenderAlert[];
  /** Every alert of the tenant as the Graph face shows it (all enum members), most recent `createdDateTime` first. */
  listGraphAlerts(tenantId: string): GraphAlert[];
  /** A non-endpoint alert (Graph face only), created now; `incidentId: null` leaves it uncorrelated. Missing fields are generated. */
  createGraphAlert(tenantId: string, init?: Partial<GraphAlert>): GraphAlert;
  /** Every incident (with its alerts), most recent first. */
  listIncidents(tenantId: string): GraphIncident[];
  /**
   * Maps every alert of the tenant to Graph's shape now, sorts them and serializes each endpoint alert as list pages
   * show it (otherwise done on the tenant's first Graph reads, then kept until an alert changes), so that a timed
   * backfill does not include these one-time costs. Returns how many alerts the Graph face shows.
   */
  prepareGraphView(tenantId: string): { alerts: number };
  /** Merges incident `fromId` into `intoId`: its alerts move, it becomes `redirected` with `redirectIncidentId`. */
  mergeIncidents(tenantId: string, fromId: string, intoId: string): GraphIncident;
  /** Graph budget of one tenant, or of all tenants when `tenantId` is omitted. */
  setGraphLimits(limits: SimLimits, tenantId?: string): void;
  listMachines(tenantId: string): DefenderMachine[];
  /** Lets the MSSP app get tokens in the tenant again, optionally with other Defender and Graph app roles. */
  grantConsent(tenantId: string, roles?: string[], graphRoles?: string[]): void;
  /** Token requests then fail (AADSTS700016) and existing tokens get 401 from the Defender API. */
  revokeConsent(tenantId: string): void;
  /** Sets the background period in ms (0 stops it). */
  setGeneratorInterval(intervalMs: number): void;
  getGenerator(): SimGeneratorState;
  /** Runs one background step now, whether or not the timer is on. */
  generatorStep(): SimGeneratorStep;
  /**
   * A Defender API token of the MSSP app in the tenant without going through the token endpoint, e.g. an expired
   * one (negative `expiresInSec`) or one with other roles. Defaults: 3599 s, the tenant's granted roles.
   */
  mintDefenderToken(tenantId: string, opts?: { expiresInSec?: number; roles?: string[] }): Promise<string>;
  /** A Graph token of the MSSP app in the tenant, like `mintDefenderToken`. Defaults: 3599 s, the tenant's Graph roles. */
  mintGraphToken(tenantId: string, opts?: { expiresInSec?: number; roles?: string[] }): Promise<string>;
}

export interface UserTokenRequest {
  /** Short user name, e.g. "alice"; `oid` = demoUserId(user), `preferred_username` = `${user}@mssp.example`. */
  user: string;
  /** Entra group ids (or names) put into the `groups` claim. Default []. */
  groups?: string[];
  /** App roles put into the `roles` claim. Default []. */
  roles?: string[];
  /** Lifetime in seconds. Negative values give an already expired token. Default 3600. */
  expiresInSec?: number;
  /**
   * Entra's group overage (more than 200 groups): no `groups` claim, `_claim_names.groups` pointing at a
   * Microsoft Graph source instead. `groups` is then ignored. Default false.
   */
  groupOverage?: boolean;
}

export interface AppTokenRequest {
  /** Client id of the calling partner app (`azp` and `appid`). */
  appId: string;
  roles?: string[];
  /** Lifetime in seconds. Default 3599. */
  expiresInSec?: number;
}

export interface Simulator {
  /** e.g. "http://127.0.0.1:4010", or null without an HTTP listener. No trailing slash. */
  httpUrl: string | null;
  /** e.g. "https://127.0.0.1:4011" (use as `authorityHost`), or null without an HTTPS listener. */
  httpsUrl: string | null;
  /** Graph base URL (`GRAPH_API_URL`): `${httpUrl ?? httpsUrl}/v1.0`. */
  graphUrl: string;
  /** Partner apps registered in the MSSP tenant (ids, secrets, roles): seed gateway grants for them. */
  partnerApps: SimPartnerApp[];
  /** Path of the PEM certificate to trust for `httpsUrl`. */
  caCertPath: string | null;
  caCertPem: string | null;
  tenants: SimTenant[];
  msspTenantId: string;
  clientId: string;
  clientSecret: string;
  gatewayAppId: string;
  /** `iss` of user and partner-app tokens: `${publicUrl ?? httpUrl ?? httpsUrl}/${msspTenantId}/v2.0`. */
  userTokenIssuer: string;
  /** JWKS with the signing key of every token: `${publicUrl ?? httpUrl ?? httpsUrl}/${msspTenantId}/discovery/v2.0/keys`. */
  jwksUrl: string;
  /** Analyst token for the gateway audience, as Entra would issue it in the MSSP tenant. */
  mintUserToken(req: UserTokenRequest): Promise<string>;
  /** Partner-tool client-credentials token for the gateway audience (`azp`/`appid` = appId, no user claims). */
  mintAppToken(req: AppTokenRequest): Promise<string>;
  control: SimulatorControl;
  /** Stops the generator, releases hung calls by closing their sockets, closes both listeners. Idempotent. */
  close(): Promise<void>;
}
