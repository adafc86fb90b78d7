import { readdirSync, readFileSync } from "node:fs";

const OPERATIONS_DIR = new URL("../../schema/operations/", import.meta.url);

/**
 * Tab order: what an analyst does first (triage alerts and incidents, open one, act on it, watch live), then what
 * their customers have in common (shared indicators), then who they are, then access and notifications. Operation
 * files not listed here follow, by file name.
 */
const TAB_ORDER = [
  "alerts",
  "incidents",
  "alert",
  "incident",
  "update-alert",
  "update-incident",
  "add-incident-comment",
  "add-alert-comment",
  "update-alerts",
  "update-incidents",
  "alert-events",
  "incident-events",
  "alert-events-since",
  "incident-events-since",
  "shared-indicators",
  "tenants",
  "me",
  "access-grants",
  "request-access",
  "approve-access",
  "deny-access",
  "revoke-access",
  "set-access-grant-policy",
  "notification-rules",
  "create-notification-rule",
  "update-notification-rule",
  "send-test-notification",
  "notification-deliveries",
  "delete-notification-rule",
];

/** Values that make the example tabs run as they are: a real alert and incident of a tenant the viewer may act on. */
export interface ExampleValues {
  tenantId?: string;
  alertId?: string;
  /** An incident of `tenantId` (the newest open one). */
  incidentId?: string;
  /** The viewer's UPN (assignee in UpdateAlert). */
  username?: string | null;
}

export interface ExampleTab {
  /** File name without `.graphql`, e.g. `update-alert`. */
  name: string;
  query: string;
  /** JSON text of the variables pane; undefined when the operation takes none worth showing. */
  variables?: string;
}

const rank = (name: string) => {
  const i = TAB_ORDER.indexOf(name);
  return i === -1 ? TAB_ORDER.length : i;
};

/** Example operations shipped in schema/operations/, one GraphiQL tab each, in {@link TAB_ORDER}. */
export function loadExampleOperations(): { name: string; query: string }[] {
  try {
    return readdirSync(OPERATIONS_DIR)
      .filter((f) => f.endsWith(".graphql"))
      .map((f) => ({ name: f.replace(/\.graphql$/, ""), query: readFileSync(new URL(f, OPERATIONS_DIR), "utf8") }))
      .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

/**
 * Variables for a tab. Where a value cannot be known (a grant or rule id, or no signed-in viewer), a
 * placeholder names the tab that lists it, so the error an analyst gets says what to paste.
 */
export function exampleVariables(name: string, ex: ExampleValues): Record<string, unknown> | undefined {
  const tenantId = ex.tenantId ?? "<tenant id: see the Tenants or Me tab>";
  const alertId = ex.alertId ?? "<alert id: see the Alerts tab>";
  const incidentId = ex.incidentId ?? "<incident id: see the Incidents tab>";
  const grantId = "<grant id: see the AccessGrants tab>";
  const ruleId = "<rule id: see the NotificationRules tab>";
  const rule = {
    tenantId,
    name: "High-severity alerts to the SOC",
    severities: ["HIGH"],
    recipients: ["soc@mssp.example"],
  };
  switch (name) {
    case "alerts":
      return { first: 20, filter: { statuses: ["NEW", "IN_PROGRESS"] }, orderBy: { field: "LAST_UPDATE_TIME", direction: "DESC" } };
    case "incidents":
      return {
        first: 20,
        filter: { statuses: ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION"] },
        orderBy: { field: "LAST_UPDATE_DATE_TIME", direction: "DESC" },
      };
    case "alert":
      return { tenantId, id: alertId };
    case "incident":
      return { tenantId, id: incidentId, alertsFirst: 10 };
    case "update-incident":
      return {
        input: {
          tenantId,
          id: incidentId,
          status: "IN_PROGRESS",
          ...(ex.username ? { assignedTo: ex.username } : {}),
          comment: "Taking this one: scoping the affected devices.",
        },
      };
    case "add-incident-comment":
      return { tenantId, id: incidentId, comment: "Customer informed; waiting for their go to isolate the devices." };
    case "add-alert-comment":
      return { tenantId, id: alertId, comment: "Checked the device timeline: the process was launched by the user." };
    case "update-alert":
      return {
        input: {
          tenantId,
          id: alertId,
          status: "IN_PROGRESS",
          ...(ex.username ? { assignedTo: ex.username } : {}),
          comment: "Triaging: checking the device timeline.",
        },
      };
    case "update-alerts":
      return {
        input: {
          items: [{ tenantId, id: alertId }],
          patch: { status: "IN_PROGRESS", ...(ex.username ? { assignedTo: ex.username } : {}), comment: "Taking these in bulk." },
        },
      };
    case "update-incidents":
      return {
        input: {
          items: [{ tenantId, id: incidentId }],
          patch: { status: "IN_PROGRESS", customTags: ["triaged"], comment: "Taking these in bulk." },
        },
      };
    case "alert-events":
    case "incident-events":
      return { after: null };
    case "alert-events-since":
    case "incident-events-since":
      return { first: 50, after: null };
    case "shared-indicators":
      return { first: 20, filter: { minTenants: 2 }, after: null };
    case "access-grants":
    case "notification-rules":
      return { tenantId };
    case "request-access":
      return { input: { tenantId, role: "TIER1_ANALYST", justification: "Covering this customer's alert queue this week." } };
    case "approve-access":
      return { id: grantId };
    case "deny-access":
    case "revoke-access":
      return { id: grantId, reason: "No longer needed." };
    case "set-access-grant-policy":
      return { input: { tenantId, grantTtlSeconds: 90 * 86_400 } };
    case "create-notification-rule":
      return { input: rule };
    case "update-notification-rule":
      return { id: ruleId, input: rule };
    case "delete-notification-rule":
      return { id: ruleId };
    case "send-test-notification":
      return { ruleId };
    case "notification-deliveries":
      return { ruleId, first: 20 };
    default:
      return undefined;
  }
}

/** The tabs GraphiQL opens with, in order, variables filled in. */
export function exampleTabs(ex: ExampleValues): ExampleTab[] {
  return loadExampleOperations().map((op) => {
    const vars = exampleVariables(op.name, ex);
    return { ...op, ...(vars ? { variables: JSON.stringify(vars, null, 2) } : {}) };
  });
}
