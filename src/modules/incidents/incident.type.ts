import { DateTimeISOResolver, GraphQLSafeInt } from "graphql-scalars";
import { Extensions, Field, ID, Int, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import { AlertComment } from "../alerts/alert.type.js";
import { AlertClassification, AlertDetermination, AlertSeverity } from "../alerts/alert.enums.js";
import { PageInfo } from "../common/page-info.type.js";
import { UpstreamApi } from "../common/upstream-api.enum.js";
import { IncidentStatus } from "./incident.enums.js";

@ObjectType({
  description:
    "An incident of one customer tenant: the alerts of one attack, correlated by Microsoft Defender XDR (Graph `/security/incidents`). Served from the gateway's index.",
})
export class Incident {
  /** Not in the schema: the alert ids upstream listed for it (`$expand=alerts`), for field resolvers. */
  alertIds?: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, { description: "Incident id (unique within its tenant)." })
  id!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, { description: "Entra tenant id of the customer the incident belongs to." })
  tenantId!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => UpstreamApi, { description: "Which API this copy was synced from (always GRAPH: the legacy API has no incidents)." })
  upstreamApi!: UpstreamApi;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Incident name." })
  displayName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Incident description." })
  description?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertSeverity.values, { description: "Severity (the highest of its alerts, as upstream rates it)." })
  severity!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Severity exactly as upstream spells it." })
  severityRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => IncidentStatus.values, { description: "Status." })
  status!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Status exactly as upstream spells it (useful when `status` is UNKNOWN)." })
  statusRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification set by an analyst; null until set." })
  classification?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination set by an analyst; null until set." })
  determination?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Owner: free text upstream (a UPN, a display name, or e.g. `Automation`)." })
  assignedTo?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Tags analysts set." })
  customTags!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Tags the system set, e.g. `Defender Experts`." })
  systemTags!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the incident was created (UTC)." })
  createdDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last time the incident changed upstream." })
  lastUpdateDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, {
    nullable: true,
    description: "Set when the incident was merged into another (status REDIRECTED): the id of that incident, same tenant.",
  })
  redirectIncidentId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    description: "Link that opens the incident in the customer's Defender portal (upstream's `incidentWebUrl`, else built from the id).",
  })
  portalUrl!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [AlertComment], { description: "Analyst comments, oldest first." })
  comments!: AlertComment[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Who changed it last, as upstream reports it." })
  lastModifiedBy?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Microsoft's priority score (0-100), when given." })
  priorityScore?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "When the gateway last synced this incident (data freshness)." })
  syncedAt!: Date;
}

@ObjectType({ description: "An incident in a connection." })
export class IncidentEdge {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Opaque cursor of this incident; pass it as `after`." })
  cursor!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Incident, { description: "The incident." })
  node!: Incident;
}

@ObjectType({ description: "A page of incidents across the caller's tenants." })
export class IncidentConnection {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [IncidentEdge], { description: "The incidents of this page." })
  edges!: IncidentEdge[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => PageInfo, { description: "Paging state." })
  pageInfo!: PageInfo;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "Number of incidents matching the filter across all pages." })
  totalCount!: number;
}

@ObjectType({ description: "Open incidents of a tenant by severity: neither resolved nor merged into another (redirected)." })
export class IncidentCounts {
  @Field(() => Int, { description: "High severity." })
  high!: number;
  @Field(() => Int, { description: "Medium severity." })
  medium!: number;
  @Field(() => Int, { description: "Low severity." })
  low!: number;
  @Field(() => Int, { description: "Informational." })
  informational!: number;
  @Field(() => Int, { description: "Unspecified or unknown severity." })
  other!: number;
  @Field(() => Int, { description: "All open incidents." })
  total!: number;
}
