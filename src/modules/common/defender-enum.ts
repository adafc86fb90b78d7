import { registerEnumType } from "type-graphql";

/**
 * A GraphQL enum mirroring a Defender enum: SCREAMING_CASE values derived from MDE's PascalCase
 * spelling, plus an explicit `UNKNOWN` for values upstream adds later (never dropped, never a crash).
 */
export interface DefenderEnum<V extends string> {
  /** The object handed to type-graphql (`{ HIGH: "HIGH", … , UNKNOWN: "UNKNOWN" }`). */
  readonly values: Record<string, string>;
  /** Defender spelling → GraphQL value; unknown or null spellings → `UNKNOWN` (null stays null). */
  toGraphQL(raw: string | null | undefined): string | null;
  /** GraphQL value → Defender spelling; undefined for `UNKNOWN`. */
  toDefender(value: string): V | undefined;
}

export const screamingCase = (pascal: string): string =>
  pascal
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toUpperCase();

export function defenderEnum<V extends string>(
  name: string,
  description: string,
  spellings: readonly V[],
  overrides: Partial<Record<V, string>> = {},
  aliases: Record<string, V> = {},
  /** What each value means, by Defender spelling (every value needs one: clients read them in GraphiQL and codegen output). */
  valueDescriptions?: Record<V, string>,
): DefenderEnum<V> {
  const toGql = new Map<string, string>();
  const toRaw = new Map<string, V>();
  for (const raw of spellings) {
    const gql = overrides[raw] ?? screamingCase(raw);
    toGql.set(raw.toLowerCase(), gql);
    toRaw.set(gql, raw);
  }
  for (const [alias, raw] of Object.entries(aliases)) toGql.set(alias.toLowerCase(), toGql.get(raw.toLowerCase())!);
  const values: Record<string, string> = {};
  for (const gql of toRaw.keys()) values[gql] = gql;
  values.UNKNOWN = "UNKNOWN";
  const valuesConfig: Record<string, { description: string }> = {};
  for (const raw of spellings) {
    const text = valueDescriptions?.[raw];
    if (text) valuesConfig[overrides[raw] ?? screamingCase(raw)] = { description: text };
  }
  valuesConfig.UNKNOWN = { description: "A value Defender returned that this gateway version does not know yet." };
  registerEnumType(values, { name, description, valuesConfig });
  return {
    values,
    toGraphQL: (raw) => (raw === null || raw === undefined ? null : (toGql.get(raw.toLowerCase()) ?? "UNKNOWN")),
    toDefender: (value) => toRaw.get(value),
  };
}
