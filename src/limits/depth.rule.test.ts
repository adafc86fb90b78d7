import { readdirSync, readFileSync } from "node:fs";
import { getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../schema.js";
import { maxDepthRule } from "./depth.rule.js";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** The depth rule's refusals of a document (after graphql-js's own rules, which must pass). */
function refusals(query: string, max = 8) {
  const doc = parse(query);
  expect(validate(schema, doc, specifiedRules).map((e) => e.message)).toEqual([]);
  return validate(schema, doc, [maxDepthRule(max)]).map((e) => ({ message: e.message, ...e.extensions }));
}

const NATURAL = `{
  incidents(first: 25) { edges { node { id displayName alertCount tenant { name }
    alerts(first: 10) { edges { node { id title
      evidence { verdict ... on FileEvidence { fileDetails { sha256 fileName } } ... on DeviceEvidence { mdeDeviceId loggedOnUsers { accountName } } }
      incident { id }
    } } }
  } } }
}`;

describe("depth rule", () => {
  it("lets the incident queue with its alerts' evidence pass: edges/node is one level, fragments none (7 levels)", () => {
    expect(refusals(NATURAL)).toEqual([]);
    expect(refusals(NATURAL, 7)).toEqual([]);
    expect(refusals(NATURAL, 6)).toMatchObject([{ code: "QUERY_TOO_COMPLEX", limit: "depth", max: 6, found: 7 }]);
  });

  it("lets every example operation and introspection pass at the default", () => {
    const dir = new URL("../../schema/operations/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(refusals(readFileSync(new URL(f, dir), "utf8")), f).toEqual([]);
    expect(validate(schema, parse(getIntrospectionQuery({ descriptions: true })), [maxDepthRule(8)])).toEqual([]);
  });

  it("refuses going round a loop whatever the depth: Tenant.alerts inside Tenant.alerts, Alert.tenant inside Alert.tenant", () => {
    for (const query of [
      "{ tenants { alerts { edges { node { tenant { alerts { edges { node { id } } } } } } } } }",
      "subscription { alertEvents { alert { tenant { alerts { edges { node { tenant { id } } } } } } } }",
      "{ incidents { edges { node { alerts { edges { node { incident { alerts { totalCount } } } } } } } } }",
    ]) {
      const [error, ...more] = refusals(query, 100);
      expect(more).toEqual([]);
      expect(error, query).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth" });
      expect(error.message).toMatch(/again inside .* limit/);
    }
    // coming back to a type for other fields is no loop
    expect(refusals("{ alerts { edges { node { incident { tenant { name } alerts { totalCount } } tenant { id } } } } }")).toEqual([]);
  });

  it("counts through named fragments and refuses deep chains of them", () => {
    const chain = `query { incidents { ...A } }
      fragment A on IncidentConnection { edges { node { ...B } } }
      fragment B on Incident { alerts { ...C } }
      fragment C on AlertConnection { edges { node { tenant { sync { lagSeconds } } } } }`;
    // incidents 1, edges/node 2, alerts 3, edges/node 4, tenant 5, sync 6, lagSeconds 7
    expect(refusals(chain, 7)).toEqual([]);
    expect(refusals(chain, 6)).toMatchObject([{ limit: "depth", found: 7 }]);
  });

  it("refuses a document whose fragments fan out past 10,000 fields (as cost), quickly", () => {
    const wide = (field: string, next: string) => Array.from({ length: 30 }, (_, i) => `x${i}: ${field} { ...${next} }`).join(" ");
    const query = `query { tenants { ...F1 } }
      fragment F1 on Tenant { ${wide("alerts", "F2")} }
      fragment F2 on AlertConnection { ${wide("edges", "F3")} }
      fragment F3 on AlertEdge { ${wide("node", "F4")} }
      fragment F4 on Alert { ${wide("evidence", "F5")} }
      fragment F5 on Evidence { verdict }`;
    const started = performance.now();
    const errors = validate(schema, parse(query), [maxDepthRule(100)]).map((e) => e.extensions);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(errors[0]).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
  });
});
