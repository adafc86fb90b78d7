/**
 * Wire shapes of the Microsoft Graph security API v1.0 (`/security/alerts_v2`, `/security/incidents`, `/$batch`) as
 * the service spells them: camelCase evolvable enums (typed `string`: newer members arrive at any time), ISO times.
 * Shared by the upstream client (consumer) and the simulator's Graph face (producer). No GraphQL imports.
 */

export interface GraphAlertComment {
  comment: string | null;
  createdByDisplayName: string | null;
  createdDateTime: string | null;
}

/** Every evidence: the common part; the rest depends on `@odata.type` (read defensively, any field may be missing). */
export interface GraphEvidence {
  "@odata.type": string;
  createdDateTime?: string | null;
  verdict?: string | null;
  remediationStatus?: string | null;
  remediationStatusDetails?: string | null;
  roles?: string[] | null;
  detailedRoles?: string[] | null;
  tags?: string[] | null;
  [field: string]: unknown;
}

export interface GraphAlert {
  id: string;
  providerAlertId?: string | null;
  incidentId?: string | null;
  status?: string | null;
  severity?: string | null;
  classification?: string | null;
  determination?: string | null;
  serviceSource?: string | null;
  detectionSource?: string | null;
  productName?: string | null;
  detectorId?: string | null;
  tenantId?: string | null;
  title?: string | null;
  description?: string | null;
  recommendedActions?: string | null;
  category?: string | null;
  assignedTo?: string | null;
  alertWebUrl?: string | null;
  incidentWebUrl?: string | null;
  actorDisplayName?: string | null;
  threatDisplayName?: string | null;
  threatFamilyName?: string | null;
  mitreTechniques?: string[] | null;
  createdDateTime?: string | null;
  lastUpdateDateTime?: string | null;
  resolvedDateTime?: string | null;
  firstActivityDateTime?: string | null;
  lastActivityDateTime?: string | null;
  comments?: GraphAlertComment[] | null;
  evidence?: GraphEvidence[] | null;
  systemTags?: string[] | null;
  customDetails?: Record<string, unknown> | null;
  additionalData?: Record<string, unknown> | null;
}

export interface GraphIncident {
  id: string;
  incidentWebUrl?: string | null;
  tenantId?: string | null;
  redirectIncidentId?: string | null;
  displayName?: string | null;
  description?: string | null;
  createdDateTime?: string | null;
  lastUpdateDateTime?: string | null;
  assignedTo?: string | null;
  classification?: string | null;
  determination?: string | null;
  status?: string | null;
  severity?: string | null;
  customTags?: string[] | null;
  systemTags?: string[] | null;
  comments?: GraphAlertComment[] | null;
  lastModifiedBy?: string | null;
  priorityScore?: number | null;
  /** Only with `$expand=alerts`. */
  alerts?: GraphAlert[] | null;
}

/** Every collection answer; `@odata.nextLink` is an absolute URL, present while more pages exist. */
export interface GraphList<T> {
  "@odata.context"?: string;
  "@odata.nextLink"?: string;
  value: T[];
}

/** Error body of every non-2xx Graph answer (also inside `$batch` responses). */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: { "request-id"?: string; date?: string; "client-request-id"?: string; [k: string]: unknown };
  };
}

/** One request inside `POST /$batch`: `url` is relative to the version root (`/security/alerts_v2/{id}`). */
export interface GraphBatchRequest {
  id: string;
  method: "GET" | "PATCH" | "POST" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface GraphBatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** `POST /$batch` takes at most this many requests (Graph answers 400 above it). */
export const GRAPH_BATCH_MAX = 20;

/** Graph security paths relative to the version root: the only place that spells them. */
export const GraphPaths = {
  alerts: "/security/alerts_v2",
  alert: (id: string) => `/security/alerts_v2/${encodeURIComponent(id)}`,
  alertComments: (id: string) => `/security/alerts_v2/${encodeURIComponent(id)}/comments`,
  incidents: "/security/incidents",
  incident: (id: string) => `/security/incidents/${encodeURIComponent(id)}`,
  incidentComments: (id: string) => `/security/incidents/${encodeURIComponent(id)}/comments`,
  batch: "/$batch",
} as const;

/** Scope of the client-credentials token for Graph in every customer tenant. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** Documented limit on `/security` per app and tenant (calls per minute); our default budget stays below it. */
export const GRAPH_LIMITS = { perMinute: 150 } as const;
