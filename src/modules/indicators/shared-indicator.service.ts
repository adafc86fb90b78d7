import type { AccessScope } from "../../auth/roles.js";
import { Permission } from "../../auth/roles.js";
import { badInput } from "../../errors/errors.js";
import type { IndicatorIndex, SharedIndicatorKind } from "../../store/indicator.types.js";
import { connectionOf, PAGE_SIZE, pageSize } from "../common/connection.page.js";
import type { SharedIndicatorListArgs } from "./shared-indicator.args.js";
import { toSharedIndicator } from "./shared-indicator.mapper.js";
import type { SharedIndicatorConnection } from "./shared-indicator.type.js";

/** Bounds of `filter.minTenants`: at least two tenants make an indicator shared. */
export const MIN_TENANTS = { default: 2, min: 2, max: 1_000 } as const;

export interface SharedIndicatorServiceDeps {
  indicators: IndicatorIndex;
}

export type SharedIndicatorService = ReturnType<typeof createSharedIndicatorService>;

export function createSharedIndicatorService(deps: SharedIndicatorServiceDeps) {
  return {
    /**
     * Indicators seen by at least `minTenants` of the tenants the caller may read alerts of (∩ `filter.tenantIds`).
     * Only those tenants are ever looked at: an indicator the caller's tenants share with a tenant it cannot read counts
     * that tenant nowhere, in no count, order or cursor. BAD_USER_INPUT for `first` or `minTenants` out of bounds and for
     * a cursor of another list.
     */
    async list(scope: AccessScope, args: SharedIndicatorListArgs): Promise<SharedIndicatorConnection> {
      const first = pageSize(args.first, PAGE_SIZE);
      const f = args.filter;
      const minTenants = f?.minTenants ?? MIN_TENANTS.default;
      if (!Number.isInteger(minTenants) || minTenants < MIN_TENANTS.min || minTenants > MIN_TENANTS.max)
        throw badInput(
          `filter.minTenants: expected an integer from ${MIN_TENANTS.min} to ${MIN_TENANTS.max}, but got ${minTenants}`,
          "filter.minTenants",
        );
      let tenantIds = scope.tenantsWith(Permission.READ_ALERTS);
      if (f?.tenantIds) tenantIds = tenantIds.filter((t) => f.tenantIds!.includes(t));
      const page = await deps.indicators.query({
        tenantIds,
        minTenants,
        // The GraphQL enum admits exactly the store's kinds.
        kinds: f?.kinds ? (f.kinds as SharedIndicatorKind[]) : undefined,
        seenSince: f?.seenSince?.toISOString(),
        seenUntil: f?.seenUntil?.toISOString(),
        first,
        after: args.after ?? undefined,
      });
      return connectionOf(page.items, page.cursors, toSharedIndicator, { hasNextPage: page.hasNextPage, after: args.after });
    },
  };
}
