import { isEnumType } from "graphql";
import { describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema.js";

/** Clients read the schema in GraphiQL and in generated code: every enum value says what it means. */
describe("schema documentation", () => {
  it("describes every value of every enum", async () => {
    const schema = await buildGatewaySchema();
    const enums = Object.values(schema.getTypeMap()).filter((t) => isEnumType(t) && !t.name.startsWith("__"));
    expect(enums.length).toBeGreaterThan(10);
    const undocumented = enums.flatMap((t) =>
      isEnumType(t)
        ? t
            .getValues()
            .filter((v) => !v.description?.trim())
            .map((v) => `${t.name}.${v.name}`)
        : [],
    );
    expect(undocumented).toEqual([]);
  });
});
