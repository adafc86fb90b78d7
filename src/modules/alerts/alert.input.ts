import { DateTimeISOResolver, GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { EvidenceFilter } from "./evidence-filter.input.js";
import { AlertClassification, AlertDetermination, AlertSeverity, AlertStatus, DetectionSource, ServiceSource } from "./alert.enums.js";

@InputType({ description: "Narrows an alert list. All conditions must hold (AND); list values match any of them (OR)." })
export class AlertFilter {
  @Field(() => [ID], { nullable: true, description: "Only these tenants (ignored for tenants you cannot see)." })
  tenantIds?: string[];
  @Field(() => [AlertSeverity.values], { nullable: true, description: "Any of these severities." })
  severities?: string[];
  @Field(() => [AlertStatus.values], { nullable: true, description: "Any of these statuses." })
  statuses?: string[];
  @Field(() => [String], { nullable: true, description: "Any of these categories (exact, as Defender spells them, e.g. `Execution`)." })
  categories?: string[];
  @Field(() => [DetectionSource.values], { nullable: true, description: "Any of these detection sources." })
  detectionSources?: string[];
  @Field(() => [ServiceSource.values], {
    nullable: true,
    description: "Any of these products (legacy Defender for Endpoint alerts are `MICROSOFT_DEFENDER_FOR_ENDPOINT`).",
  })
  serviceSources?: string[];
  @Field(() => [String], {
    nullable: true,
    description: "Assigned to any of these owners (exact, case-insensitive: a UPN, a display name…).",
  })
  assignedTo?: string[];
  @Field(() => String, { nullable: true, description: "Case-insensitive text contained in the title or description." })
  search?: string;
  @Field(() => String, { nullable: true, description: "Only alerts with this device id (`mdeDeviceId`) among their device evidence." })
  machineId?: string;
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Only alerts of this incident." })
  incidentId?: number;
  @Field(() => EvidenceFilter, {
    nullable: true,
    description: "Only alerts whose evidence shows these indicators (a file hash, IP, URL or domain, account, device), across tenants.",
  })
  evidence?: EvidenceFilter | null;
  @Field(() => [String], {
    nullable: true,
    description: "Raised by any of these detectors (`Alert.detectorId`, case-insensitive), e.g. a `SharedIndicator` of kind DETECTOR.",
  })
  detectorIds?: string[] | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last updated at or after this time." })
  updatedSince?: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or after this time." })
  createdSince?: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or before this time." })
  createdUntil?: Date;
}

export enum AlertOrderField {
  LAST_UPDATE_TIME = "LAST_UPDATE_TIME",
  ALERT_CREATION_TIME = "ALERT_CREATION_TIME",
}
registerEnumType(AlertOrderField, {
  name: "AlertOrderField",
  description: "What to sort alerts by.",
  valuesConfig: {
    LAST_UPDATE_TIME: { description: "When upstream last changed the alert, `lastUpdateDateTime` (the default)." },
    ALERT_CREATION_TIME: { description: "When upstream created the alert, `createdDateTime`." },
  },
});

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: { ASC: { description: "Oldest (smallest) first." }, DESC: { description: "Newest (largest) first (the default)." } },
});

@InputType({ description: "Sort order of an alert list. Default: newest `lastUpdateDateTime` first." })
export class AlertOrder {
  @Field(() => AlertOrderField, { defaultValue: AlertOrderField.LAST_UPDATE_TIME, description: "Sort key." })
  field!: AlertOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "Direction." })
  direction!: OrderDirection;
}

@InputType({ description: "Changes to one alert; omitted fields keep their values. Sent to Defender first, then visible at once." })
export class UpdateAlertInput {
  @Field(() => ID, { description: "Tenant of the alert." })
  tenantId!: string;
  @Field(() => ID, { description: "Alert id." })
  id!: string;
  @Field(() => AlertStatus.values, { nullable: true, description: "New status (NEW, IN_PROGRESS or RESOLVED)." })
  status?: string;
  @Field(() => String, { nullable: true, description: "New owner (free text upstream; a UPN by convention)." })
  assignedTo?: string;
  @Field(() => AlertClassification.values, { nullable: true, description: "Classification." })
  classification?: string;
  @Field(() => AlertDetermination.values, { nullable: true, description: "Determination." })
  determination?: string;
  @Field(() => String, { nullable: true, description: "A comment to append (max 1,000 characters)." })
  comment?: string;
}
