import { registerEnumType } from "type-graphql";

/** Roles an access grant gives on one customer tenant (mirrors the Defender MSSP tiers). */
export enum TenantRole {
  TIER1_ANALYST = "TIER1_ANALYST",
  TIER2_ANALYST = "TIER2_ANALYST",
  APPROVER = "APPROVER",
}
registerEnumType(TenantRole, {
  name: "TenantRole",
  description: "Role on one customer tenant, granted through an access grant.",
  valuesConfig: {
    TIER1_ANALYST: { description: "Reads alerts, devices and notification rules." },
    TIER2_ANALYST: { description: "Tier 1 plus updating alerts and managing notification rules." },
    APPROVER: { description: "Decides access requests for the tenant." },
  },
});
