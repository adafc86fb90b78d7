import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutionEngine, type ExecutionEngine } from "../../src/execution/execution.engine.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Every `.graphql` file of the example operations and of the tests. */
function operationFiles(): string[] {
  const out = readdirSync(join(ROOT, "schema/operations")).map((f) => join(ROOT, "schema/operations", f));
  for (const dir of readdirSync(join(ROOT, "test"), { withFileTypes: true }))
    if (dir.isDirectory())
      for (const f of readdirSync(join(ROOT, "test", dir.name))) if (f.endsWith(".graphql")) out.push(join(ROOT, "test", dir.name, f));
  return out.filter((f) => f.endsWith(".graphql"));
}

/** Each query (or subscription) of the files as its own document, with the fragments it uses (from any file). */
function queries(
  kind: OperationTypeNode = OperationTypeNode.QUERY,
): { name: string; document: DocumentNode; source: string; operation: OperationDefinitionNode }[] {
  const defs: DefinitionNode[] = operationFiles().flatMap((f) => parse(readFileSync(f, "utf8")).definitions);
  const fragments = new Map(
    defs.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const used = (node: DefinitionNode, into: Set<string>) =>
    visit(node, {
      FragmentSpread: (s) => {
        if (into.has(s.name.value)) return;
        into.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) used(f, into);
      },
    });
  return defs
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === kind)
    .map((operation, i) => {
      const names = new Set<string>();
      used(operation, names);
      const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...[...names].map((n) => fragments.get(n)!)] };
      return { name: operation.name?.value ?? `anonymous #${i}`, document, source: print(document), operation };
    });
}

const isList = (t: TypeNode): boolean => (t.kind === Kind.NON_NULL_TYPE ? isList(t.type) : t.kind === Kind.LIST_TYPE);

/** Comparable form of a result: data as JSON, errors with everything a client sees. */
const comparable = (r: ExecutionResult) => ({
  data: r.data,
  errors: r.errors?.map((e) => ({ message: e.message, path: e.path, locations: e.locations, extensions: { ...e.extensions } })),
});

describe("execution engines: graphql-jit answers exactly what graphql-js answers", () => {
  let gw: TestGateway;
  let jit: ExecutionEngine;
  let js: ExecutionEngine;
  let bag: { tenantId: string; alertId: string; incidentId: string };
  let authorization: string;

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "3", SIM_ALERTS_PER_TENANT: "15" });
    await gw.synced();
    jit = createExecutionEngine(gw.app.graphql.schema, { engine: "jit" });
    js = createExecutionEngine(gw.app.graphql.schema, { engine: "graphql-js" });
    authorization = `Bearer ${await gw.token("alice")}`;
    const page = await gw.gql("{ alerts(first: 1) { edges { node { id tenantId } } } incidents(first: 1) { edges { node { id } } } }");
    const data = page.body.data as {
      alerts: { edges: { node: { id: string; tenantId: string } }[] };
      incidents: { edges: { node: { id: string } }[] };
    };
    const alert = data.alerts.edges[0].node;
    bag = { tenantId: alert.tenantId, alertId: alert.id, incidentId: data.incidents.edges[0]?.node.id ?? "none" };
  });
  afterAll(() => gw?.close());

  /**
   * Runs one document on both engines, each with a fresh request context (fresh DataLoaders), and compares. A live
   * event renders with its log record as `rootValue`.
   */
  const both = async (q: ReturnType<typeof queries>[number], variables: Record<string, unknown>, rootValue?: unknown) => {
    const run = async (engine: ExecutionEngine) =>
      comparable(
        await engine.run({
          source: q.source,
          document: q.document,
          operationName: q.name,
          variables,
          contextValue: await gw.app.graphql.contextFor(authorization),
          rootValue,
        }),
      );
    // Some fields read the clock (`lagSeconds`, in whole seconds) or the syncing index: a pair that straddles a second
    // or a sync differs by that alone, so a pair is run again (up to 3 times); a difference of the engines persists.
    for (let attempt = 1; ; attempt++) {
      const [a, b] = [await run(js), await run(jit)];
      if (attempt < 3 && JSON.stringify(a) !== JSON.stringify(b)) continue;
      expect(b, `${q.name} ${JSON.stringify(variables)}`).toEqual(a);
      return a;
    }
  };

  const all = queries();

  it("finds the operations to compare", () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it.each(all.map((q) => [q.name, q] as const))("%s", async (_name, q) => {
    // Variables by name and type from one bag; `id` is tried as an alert's and as an incident's.
    for (const id of [bag.alertId, bag.incidentId]) {
      const variables: Record<string, unknown> = {};
      for (const v of q.operation.variableDefinitions ?? []) {
        const name = v.variable.name.value;
        const scalar =
          name === "first" || name === "n" || name === "alertsFirst"
            ? 3
            : ["tenantId", "t"].includes(name)
              ? bag.tenantId
              : ["id", "a", "b"].includes(name)
                ? id
                : undefined;
        if (scalar !== undefined) variables[name] = isList(v.type) ? [scalar] : scalar;
      }
      await both(q, variables);
    }
  });

  it("compiles every one of them (graphql-js serves none as a fallback)", () => {
    const fallbacks = all.flatMap((q) => {
      const entry = jit.cache!.get(q.source, q.name, q.document);
      return entry.kind === "fallback" ? [`${q.name}: ${entry.reason}`] : [];
    });
    expect(fallbacks).toEqual([]);
  });

  it("renders live events alike: each subscription document with an event-log record as root value", async () => {
    const subscriptions = queries(OperationTypeNode.SUBSCRIPTION);
    expect(subscriptions.map((q) => q.name).sort()).toEqual(["AlertEvents", "IncidentEvents"]);
    const records = {
      AlertEvents: (await gw.app.store.events.read(null, 3))[0],
      IncidentEvents: (await gw.app.store.incidentEvents.read(null, 3))[0],
    };
    for (const q of subscriptions) {
      const rootValue = records[q.name as keyof typeof records];
      expect(rootValue, q.name).toBeDefined();
      const rendered = await both(q, {}, rootValue);
      expect(rendered.errors, q.name).toBeUndefined();
      expect(rendered.data, q.name).toBeTruthy();
      expect(jit.cache!.get(q.source, q.name, q.document).kind, `${q.name} compiled`).not.toBe("fallback");
    }
  });

  it("answers field errors, variable coercion errors and partial results alike", async () => {
    const [page] = queries().filter((q) => q.name === "Alerts");
    expect(page).toBeDefined();
    // A resolver's BAD_USER_INPUT, a store refusal (bad cursor), and variables that do not coerce.
    const outcomes = [
      await both(page, { first: 0 }),
      await both(page, { first: 2, after: "not-a-cursor" }),
      await both(page, { first: "many" }),
      await both(page, { filter: { severities: ["NOT_A_SEVERITY"] } }),
    ];
    for (const o of outcomes) expect(o.errors?.length).toBeGreaterThan(0);
  });
});
