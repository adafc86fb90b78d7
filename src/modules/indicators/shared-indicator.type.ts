import { DateTimeISOResolver } from "graphql-scalars";
import { Extensions, Field, ID, Int, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import { AlertSeverity } from "../alerts/alert.enums.js";
import { PageInfo } from "../common/page-info.type.js";
import { SharedIndicatorKind } from "./shared-indicator.enums.js";

@ObjectType({ description: "How many alerts of one severity carry the indicator." })
export class SharedIndicatorSeverityCount {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => AlertSeverity.values, { description: "Severity." })
  severity!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "Alerts of that severity." })
  alertCount!: number;
}

@ObjectType({ description: "One tenant's history with a shared indicator." })
export class SharedIndicatorTenant {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, { description: "Entra tenant id." })
  tenantId!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "Creation time of the tenant's earliest alert that carried the indicator (UTC)." })
  firstSeen!: Date;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "Creation time of the tenant's latest alert that carried the indicator (UTC)." })
  lastSeen!: Date;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "The tenant's alerts whose current version carries the indicator." })
  alertCount!: number;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [SharedIndicatorSeverityCount], { description: "Those alerts by severity, highest first." })
  severities!: SharedIndicatorSeverityCount[];
}

@ObjectType({
  description:
    "The evidence part of `SharedIndicator.alertFilter`: the field of `EvidenceFilter` that finds the indicator (the others are null).",
})
export class SharedIndicatorEvidence {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "For FILE_SHA256." })
  sha256?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "For IP_ADDRESS." })
  ipAddress?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "For URL." })
  url?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "For DOMAIN." })
  domain?: string | null;
}

@ObjectType({
  description:
    "A ready `AlertFilter` value: pass it (without `__typename`) as the `filter` of `alerts` to list the alerts behind a shared indicator, in the tenants shown. Its `totalCount` is the indicator's `alertCount`.",
})
export class SharedIndicatorAlertFilter {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [ID], { description: "The tenants of `SharedIndicator.tenants`." })
  tenantIds!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => SharedIndicatorEvidence, { nullable: true, description: "The evidence condition (null for a DETECTOR)." })
  evidence?: SharedIndicatorEvidence | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { nullable: true, description: "The detector condition (only for a DETECTOR)." })
  detectorIds?: string[] | null;
}

@ObjectType({
  description:
    "An indicator (file hash, IP address, domain or URL, detector) in the evidence of alerts of several of your tenants: the MSSP's cross-customer view. Only tenants you may read count and appear.",
})
export class SharedIndicator {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => ID, {
    description: "Stable key of the indicator: `<kind prefix>:<value>`, e.g. `sha256:…`, `ip:203.0.113.7`, `domain:contoso.com`.",
  })
  id!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => SharedIndicatorKind, { description: "What the indicator is." })
  kind!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "The indicator in its normalized spelling (lower case; IPv6 compressed; domains in punycode)." })
  value!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "Number of `tenants`." })
  tenantCount!: number;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [SharedIndicatorTenant], { description: "Your tenants that saw it (in the time window), latest `lastSeen` first." })
  tenants!: SharedIndicatorTenant[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "Earliest `firstSeen` of `tenants` (UTC)." })
  firstSeen!: Date;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { description: "Latest `lastSeen` of `tenants` (UTC): the list's sort key." })
  lastSeen!: Date;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Int, { description: "Alerts of `tenants` that carry it." })
  alertCount!: number;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [SharedIndicatorSeverityCount], { description: "Those alerts by severity, highest first." })
  severities!: SharedIndicatorSeverityCount[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => SharedIndicatorAlertFilter, { description: "The `AlertFilter` that lists these alerts (see also `alerts`)." })
  alertFilter!: SharedIndicatorAlertFilter;
}

@ObjectType({ description: "A shared indicator and its cursor." })
export class SharedIndicatorEdge {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { description: "Pass as `after` to continue after this indicator." })
  cursor!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => SharedIndicator, { description: "The indicator." })
  node!: SharedIndicator;
}

@ObjectType({
  description:
    "A page of shared indicators, latest `lastSeen` first. No `totalCount`: counting would walk every shared indicator of your tenants.",
})
export class SharedIndicatorConnection {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [SharedIndicatorEdge], { description: "The indicators of this page." })
  edges!: SharedIndicatorEdge[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => PageInfo, { description: "Paging state." })
  pageInfo!: PageInfo;
}
