import { registerEnumType } from "type-graphql";
import { enumObject, ROLE_DESCRIPTIONS, ROLE_NAMES, type RoleName } from "../../auth/access.vocabulary.js";

/** Roles an access grant gives on one customer tenant: the GraphQL face of the auth vocabulary. */
export const TenantRole = enumObject(ROLE_NAMES);
export type TenantRole = RoleName;
registerEnumType(TenantRole, {
  name: "TenantRole",
  description: "Role on one customer tenant, granted through an access grant.",
  valuesConfig: Object.fromEntries(ROLE_NAMES.map((r) => [r, { description: ROLE_DESCRIPTIONS[r] }])),
});
