import { GraphQLSafeInt } from "graphql-scalars";
import { DateTimeISOResolver } from "graphql-scalars";
import { Extensions, Field, ID, Int, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import { PageInfo } from "../common/page-info.type.js";
import type { DeviceEvidence } from "../../upstream/upstream.types.js";
import { UpstreamApi } from "../common/upstream-api.enum.js";
import type { LegacyEvidenceFields } from "./evidence.common.type.js";
import { Evidence } from "./evidence.type.js";
import type { EvidenceObject } from "./evidence.type.js";
import {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  DetectionSource,
  InvestigationState,
  ServiceSource,
} from "./alert.enums.js";

@ObjectType({ description: "The user account related to an alert." })
export class RelatedUser {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Account name (sAMAccountName)." })
  userName!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Account domain (NetBIOS)." })
  domainName!: string;
}

@ObjectType({ description: "An analyst comment on an alert." })
export class AlertComment {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Comment text." })
  comment!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    description: "Who wrote it as Defender recorded it (UPN, or the gateway's app id for comments written through the gateway).",
  })
  createdBy!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    description: "The analyst who wrote it: the signed-in user for comments written through this gateway (`Name <upn>`), else `createdBy`.",
  })
  author!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Boolean, {
    description: "True when the comment was written through this gateway (the text upstream starts with `[<author> via gateway]`).",
  })
  viaGateway!: boolean;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was written (UTC)." })
  createdTime?: Date | null;
}

@ObjectType({
  description:
    "An alert of one customer tenant from any Microsoft Defender product (Graph `alerts_v2`, or the legacy Defender for Endpoint API), served from the gateway's alert index.",
})
export class Alert {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, { description: "Defender alert id (unique within its tenant)." })
  id!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, { description: "Entra tenant id of the customer the alert belongs to." })
  tenantId!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Alert title." })
  title!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Alert description." })
  description?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertSeverity.values, { description: "Severity." })
  severity!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertStatus.values, { description: "Status." })
  status!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification set by an analyst; null until set." })
  classification?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination set by an analyst; null until set." })
  determination?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => InvestigationState.values, { nullable: true, description: "State of the automated investigation." })
  investigationState?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Automated investigation id (legacy API only)." })
  investigationId?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Incident the alert belongs to (Graph's string id as a number)." })
  incidentId?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "Owner of the alert: free text upstream (a UPN, a display name, or e.g. `Automation`).",
  })
  assignedTo?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Category, e.g. Execution, CredentialAccess." })
  category?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DetectionSource.values, { nullable: true, description: "Detection source." })
  detectionSource?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "Detection source exactly as Defender spells it (useful when `detectionSource` is UNKNOWN).",
  })
  detectionSourceRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Id of the detector that raised the alert." })
  detectorId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Threat family name." })
  threatFamilyName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { deprecationReason: "Use `threatDisplayName` (Graph's name).", nullable: true, description: "Threat name." })
  threatName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use `createdDateTime` (Graph's name).",
    nullable: true,
    description: "When the alert was created (UTC).",
  })
  alertCreationTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use `firstActivityDateTime` (Graph's name).",
    nullable: true,
    description: "First occurrence of the activity on the device.",
  })
  firstEventTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use `lastActivityDateTime` (Graph's name).",
    nullable: true,
    description: "Last occurrence of the activity on the device.",
  })
  lastEventTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use `lastUpdateDateTime` (Graph's name).",
    nullable: true,
    description: "Last time the alert changed upstream.",
  })
  lastUpdateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use `resolvedDateTime` (Graph's name).",
    nullable: true,
    description: "When the alert was resolved.",
  })
  resolvedTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Id of the alert's (first) device, from its device evidence (see `machine`)." })
  machineId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Device name as upstream reports it (an FQDN, sometimes a short host name)." })
  computerDnsName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Device group name (matched by notification rules)." })
  rbacGroupName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use `tenantId`; Graph reports no other.",
    nullable: true,
    description: "Entra tenant id as Defender reports it.",
  })
  aadTenantId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "MITRE ATT&CK technique ids." })
  mitreTechniques!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => RelatedUser, { nullable: true, description: "User account related to the alert." })
  relatedUser?: RelatedUser | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [AlertComment], { description: "Analyst comments, oldest first." })
  comments!: AlertComment[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [Evidence], {
    description:
      "Evidence of the alert, typed per kind (devices, files, processes, users, IPs, URLs, registry, mailboxes; other kinds as `GenericEvidence`).",
  })
  evidence!: (EvidenceObject & LegacyEvidenceFields)[];
  /** Not in the schema: the device evidence `machine` is built from on Graph tenants (no upstream call). */
  device?: DeviceEvidence | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => UpstreamApi, { description: "Which API this copy of the alert was synced from." })
  upstreamApi!: UpstreamApi;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Severity exactly as upstream spells it (useful when `severity` is UNKNOWN)." })
  severityRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Status exactly as upstream spells it." })
  statusRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Classification exactly as upstream spells it." })
  classificationRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Determination exactly as upstream spells it." })
  determinationRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ServiceSource.values, { nullable: true, description: "Which Microsoft security product the alert comes from." })
  serviceSource?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Service source exactly as upstream spells it (null for legacy alerts)." })
  serviceSourceRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Product name as Graph reports it, e.g. `Microsoft Defender for Endpoint`." })
  productName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Id of the alert in the product that raised it (Graph `providerAlertId`)." })
  providerAlertId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "What the product recommends to do about the alert (free text)." })
  recommendedActions?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Tags the system set, e.g. `Defender Experts`." })
  systemTags!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The incident's page in the Defender portal (Graph `incidentWebUrl`)." })
  incidentWebUrl?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "The alert's page in the Defender portal as upstream links it (Graph `alertWebUrl`).",
  })
  alertWebUrl?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The adversary or activity group behind the alert, when known." })
  actorDisplayName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The threat's name (Graph `threatDisplayName`, legacy `threatName`)." })
  threatDisplayName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the alert was created (UTC)." })
  createdDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last time the alert changed upstream (the sync watermark)." })
  lastUpdateDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the alert was resolved." })
  resolvedDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "First activity the alert is about." })
  firstActivityDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last activity the alert is about." })
  lastActivityDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "When the gateway last synced this alert from Defender (data freshness)." })
  syncedAt!: Date;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    description: "Link that opens the alert in the customer's Defender portal (`https://security.microsoft.com/alerts/{id}?tid={tenant}`).",
  })
  portalUrl!: string;
}

@ObjectType({ description: "An alert in a connection." })
export class AlertEdge {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Opaque cursor of this alert; pass it as `after`." })
  cursor!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Alert, { description: "The alert." })
  node!: Alert;
}

@ObjectType({ description: "A page of alerts across the caller's tenants." })
export class AlertConnection {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [AlertEdge], { description: "The alerts of this page." })
  edges!: AlertEdge[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => PageInfo, { description: "Paging state." })
  pageInfo!: PageInfo;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "Number of alerts matching the filter across all pages." })
  totalCount!: number;
}
