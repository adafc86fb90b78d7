import { type AccessScope, Permission } from "../../auth/roles.js";
import { badInput } from "../../errors/errors.js";
import type { IncidentIndexFilter } from "../../store/incident.types.js";
import { AlertClassification, AlertDetermination, AlertSeverity, ServiceSource } from "../alerts/alert.enums.js";
import type { GatewayEnum } from "../common/gateway-enum.js";
import { IncidentStatus } from "./incident.enums.js";
import type { IncidentFilter } from "./incident.input.js";

/**
 * GraphQL `IncidentFilter` → the incident index's filter. Shared by incident lists and the incident event feed (pull
 * and live), so both read "the same incidents" the same way.
 */

const enumList = <T extends string | null>(values: readonly T[] | undefined, e: GatewayEnum<string>, field: string) => {
  if (!values) return undefined;
  const bad = values.find((v) => v !== null && !e.isValue(v));
  if (bad !== undefined) throw badInput(`${field}: ${String(bad)} cannot be used as a filter value`, `filter.${field}`);
  return values;
};

/** True unless the filter asks for redirected incidents (`includeRedirected`, or REDIRECTED among `statuses`). */
export const hidesRedirected = (f: IncidentFilter | null | undefined): boolean =>
  f?.includeRedirected !== true && !(f?.statuses ?? []).includes("REDIRECTED");

/** The filter's conditions on the incident itself: everything but tenants, which callers decide. */
export function toIncidentContentFilter(filter: IncidentFilter | null | undefined): Omit<IncidentIndexFilter, "tenantIds"> {
  const search = filter?.search?.trim();
  return {
    severities: enumList(filter?.severities, AlertSeverity, "severities"),
    statuses: enumList(filter?.statuses, IncidentStatus, "statuses"),
    classifications: enumList(filter?.classifications, AlertClassification, "classifications"),
    determinations: enumList(filter?.determinations, AlertDetermination, "determinations"),
    assignedTo: filter?.assignedTo,
    unassigned: filter?.unassigned ?? undefined,
    tags: filter?.tags,
    serviceSources: enumList(filter?.serviceSources, ServiceSource, "serviceSources"),
    search: search ? search : undefined,
    updatedSince: filter?.updatedSince?.toISOString(),
    updatedUntil: filter?.updatedUntil?.toISOString(),
    createdSince: filter?.createdSince?.toISOString(),
    createdUntil: filter?.createdUntil?.toISOString(),
    redirected: hidesRedirected(filter) ? false : undefined,
  };
}

/** Translates a GraphQL filter into the index filter, restricted to tenants the caller may read (others dropped silently). */
export function toIncidentIndexFilter(
  scope: AccessScope,
  filter: IncidentFilter | null | undefined,
  onlyTenant?: string,
): IncidentIndexFilter {
  const readable = scope.tenantsWith(Permission.READ_ALERTS);
  let tenantIds = onlyTenant ? readable.filter((t) => t === onlyTenant) : readable;
  if (filter?.tenantIds) tenantIds = tenantIds.filter((t) => filter.tenantIds!.includes(t));
  return { tenantIds, ...toIncidentContentFilter(filter) };
}
