/** Links into the Microsoft Defender portal, shared by tenants, alerts and notification messages. */

/** The Defender portal (one host for every customer; `tid` selects the tenant). */
export const PORTAL = "https://security.microsoft.com";

/** `https://security.microsoft.com/alerts/{id}?tid={tenant}`. */
export const alertPortalUrl = (tenantId: string, alertId: string) =>
  `${PORTAL}/alerts/${encodeURIComponent(alertId)}?tid=${encodeURIComponent(tenantId)}`;

/** `https://security.microsoft.com/?tid={tenant}`. */
export const tenantPortalUrl = (tenantId: string) => `${PORTAL}/?tid=${encodeURIComponent(tenantId)}`;
