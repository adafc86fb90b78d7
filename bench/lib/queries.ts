/** The page queries of rows 1, 2, 2b, 2c and 5 (and of `bench/prof-page.ts`). */
export const PAGE = `query Page($first: Int) {
  alerts(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id tenantId title severity status category assignedTo alertCreationTime lastUpdateTime portalUrl
      tenant { name } machine { computerDnsName osPlatform healthStatus } } }
  }
}`;
export const INCIDENT_PAGE = `query IncidentPage($first: Int) {
  incidents(first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id tenantId displayName severity status assignedTo lastUpdateDateTime alertCount portalUrl tenant { name } } }
  }
}`;
