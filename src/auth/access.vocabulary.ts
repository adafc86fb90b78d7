/**
 * The access vocabulary, defined once: the roles a grant gives on one tenant and the kinds of identity a
 * grant applies to. The config schema (seed grants), the stored grant records and the GraphQL enums
 * (`TenantRole`, `AccessSubjectKind`) all derive from these lists, so a new role is added here only.
 */

export const ROLE_NAMES = ["TIER1_ANALYST", "TIER2_ANALYST", "APPROVER"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** What each role means, for the GraphQL enum and the docs. */
export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  TIER1_ANALYST: "Reads alerts, devices and notification rules.",
  TIER2_ANALYST: "Tier 1 plus updating alerts and managing notification rules.",
  APPROVER: "Decides access requests for the tenant.",
};

export const SUBJECT_KINDS = ["USER", "GROUP", "APP"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** How each subject kind is matched against a token, for the GraphQL enum and the docs. */
export const SUBJECT_DESCRIPTIONS: Record<SubjectKind, string> = {
  USER: "One Entra user: matches the token's `oid`.",
  GROUP: "An Entra security group: matches any id in the token's `groups` claim.",
  APP: "An application using client-credentials (app-only) tokens: matches `azp`/`appid`.",
};

export const isRoleName = (v: string): v is RoleName => (ROLE_NAMES as readonly string[]).includes(v);
export const isSubjectKind = (v: string): v is SubjectKind => (SUBJECT_KINDS as readonly string[]).includes(v);

/** `{ A: "A", B: "B" }` from a list of names: the value object type-graphql's `registerEnumType` takes. */
export const enumObject = <T extends string>(names: readonly T[]): { readonly [K in T]: K } =>
  Object.fromEntries(names.map((n) => [n, n])) as { [K in T]: K };
