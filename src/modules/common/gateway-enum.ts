import { registerEnumType } from "type-graphql";
import { UNKNOWN, type EnumMapping } from "../../upstream/upstream.enums.js";

/** A GraphQL enum over one of the gateway's enums (`upstream.enums.ts`): its values, plus `UNKNOWN`. */
export interface GatewayEnum<V extends string> {
  /** The object handed to type-graphql (`{ HIGH: "HIGH", …, UNKNOWN: "UNKNOWN" }`). */
  readonly values: Record<string, string>;
  /** True for a value an input may carry (every value but `UNKNOWN`, unless the enum documents `UNKNOWN` itself). */
  isValue(v: string): v is V;
}

/**
 * Registers the GraphQL enum of a gateway enum. Both upstream APIs map onto these values (Graph's camelCase, the
 * Defender API's PascalCase), so the schema does not change with a tenant's API; `UNKNOWN` stands for a value
 * upstream added after this gateway version (its spelling is in the field's `…Raw` twin).
 */
export function gatewayEnum<V extends string>(
  name: string,
  description: string,
  mapping: EnumMapping<V>,
  /** What each value means (clients read them in GraphiQL and codegen output). */
  valueDescriptions: Record<V, string>,
): GatewayEnum<V> {
  const values: Record<string, string> = {};
  const valuesConfig: Record<string, { description: string }> = {};
  for (const v of mapping.values) {
    values[v] = v;
    valuesConfig[v] = { description: valueDescriptions[v] };
  }
  if (!(UNKNOWN in values)) {
    values[UNKNOWN] = UNKNOWN;
    valuesConfig[UNKNOWN] = {
      description: "A value upstream returned that this gateway version does not know yet (see the `…Raw` field).",
    };
  }
  registerEnumType(values, { name, description, valuesConfig });
  const known = new Set<string>(mapping.values);
  return { values, isValue: (v): v is V => known.has(v) };
}
