import { type AccessScope, Permission } from "../../auth/roles.js";
import { badInput } from "../../errors/errors.js";
import type { AlertIndexFilter } from "../../store/store.types.js";
import type { GatewayEnum } from "../common/gateway-enum.js";
import { AlertSeverity, AlertStatus, DetectionSource, ServiceSource } from "./alert.enums.js";
import type { AlertFilter } from "./alert.input.js";
import { evidenceFilterTokens } from "./evidence-filter.mapper.js";

/**
 * GraphQL `AlertFilter` → the alert index's filter. Shared by alert lists and the alert event feed (pull
 * and live), so both read "the same alerts" the same way.
 */

const mapEnumList = (values: readonly string[] | undefined, e: GatewayEnum<string>, field: string) => {
  if (!values) return undefined;
  const bad = values.find((v) => !e.isValue(v));
  if (bad !== undefined) throw badInput(`${field}: ${String(bad)} cannot be used as a filter value`, `filter.${field}`);
  return values;
};

/** Translates a GraphQL filter into the index filter, restricted to tenants the caller may read. */
export function toIndexFilter(scope: AccessScope, filter: AlertFilter | null | undefined, onlyTenant?: string): AlertIndexFilter {
  const readable = scope.tenantsWith(Permission.READ_ALERTS);
  let tenantIds = onlyTenant ? readable.filter((t) => t === onlyTenant) : readable;
  // Tenants the caller cannot see are dropped silently: they answer exactly like tenants that do not exist.
  if (filter?.tenantIds) tenantIds = tenantIds.filter((t) => filter.tenantIds!.includes(t));
  const search = filter?.search?.trim();
  return {
    tenantIds,
    severities: mapEnumList(filter?.severities, AlertSeverity, "severities"),
    statuses: mapEnumList(filter?.statuses, AlertStatus, "statuses"),
    categories: filter?.categories,
    detectionSources: mapEnumList(filter?.detectionSources, DetectionSource, "detectionSources"),
    serviceSources: mapEnumList(filter?.serviceSources, ServiceSource, "serviceSources"),
    assignedTo: filter?.assignedTo,
    search: search ? search : undefined,
    machineId: filter?.machineId,
    indicators: evidenceFilterTokens(filter?.evidence),
    detectorIds: filter?.detectorIds ?? undefined,
    incidentId: filter?.incidentId == null ? undefined : String(filter.incidentId),
    updatedSince: filter?.updatedSince?.toISOString(),
    createdSince: filter?.createdSince?.toISOString(),
    createdUntil: filter?.createdUntil?.toISOString(),
  };
}
