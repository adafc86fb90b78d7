import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IndicatorAlertCountsDocument,
  IndicatorAlertCursorDocument,
  IndicatorAlertsWhereDocument,
  SharedIndicatorsDocument,
  type SharedIndicatorsQuery,
  type SharedIndicatorsQueryVariables,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { errorCode, ok } from "../helpers/operations.js";
import { fileEvidence, randomSha256, urlEvidence } from "../helpers/indicator.fixture.js";
import { requireTestRedis, TEST_REDIS_URL } from "../helpers/redis.js";

type Indicator = SharedIndicatorsQuery["sharedIndicators"]["edges"][number]["node"];

/**
 * `Query.sharedIndicators` over HTTP against the embedded simulator, on the memory store and on Redis: alerts created
 * upstream reach the aggregate through the sync, and the same answers come back in both modes.
 * (What a caller who cannot read every tenant sees is in test/access-grants/isolation.test.ts.)
 */
describe.each(["memory", "redis"] as const)("shared indicators over HTTP (%s store)", (mode) => {
  let gw: TestGateway;
  let T0: string, T1: string, T2: string;
  const names = new Map<string, string>();

  beforeAll(async () => {
    if (mode === "redis") await requireTestRedis();
    const redis: Record<string, string> =
      mode === "redis" ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:ind:${randomUUID().slice(0, 8)}:` } : {};
    gw = await startGateway({ SIM_TENANTS: "3", SIM_ALERTS_PER_TENANT: "15", ...redis });
    [T0, T1, T2] = gw.app.registry.ids() as [string, string, string];
    for (const t of gw.app.registry.list()) names.set(t.id, t.name);
    await gw.synced();
  });
  afterAll(() => gw?.close());

  const sim = () => gw.app.simulator!.control;
  /** Every page of the list (as alice: TIER2 on every tenant unless `user` says otherwise). */
  const all = async (variables: SharedIndicatorsQueryVariables = {}, user = "alice"): Promise<Indicator[]> => {
    const out: Indicator[] = [];
    let after: string | null = null;
    for (;;) {
      const page: SharedIndicatorsQuery = ok(await gw.gql(SharedIndicatorsDocument, { first: 100, ...variables, after }, { user }));
      out.push(...page.sharedIndicators.edges.map((e) => e.node));
      if (!page.sharedIndicators.pageInfo.hasNextPage) return out;
      after = page.sharedIndicators.pageInfo.endCursor;
    }
  };
  const find = async (sha256: string, variables: SharedIndicatorsQueryVariables = {}) =>
    (await all({ ...variables, filter: { kinds: ["FILE_SHA256"], ...variables.filter } })).find((n) => n.value === sha256);

  it("a hash appears once a second tenant sees it, with each tenant's history and the filter that lists its alerts", async () => {
    const h = randomSha256();
    sim().createAlert(T0, { severity: "High", evidence: [fileEvidence(h.toUpperCase())] });
    await gw.synced();
    expect(await find(h)).toBeUndefined();

    sim().createAlert(T1, { severity: "Low", evidence: [fileEvidence(h)] });
    sim().createAlert(T1, { severity: "Low", evidence: [fileEvidence(h), urlEvidence(`https://${h.slice(0, 12)}.example/p`)] });
    await gw.synced();
    const node = (await find(h))!;
    expect(node).toMatchObject({
      id: `sha256:${h}`,
      kind: "FILE_SHA256",
      value: h,
      tenantCount: 2,
      alertCount: 3,
      severities: [
        { severity: "HIGH", alertCount: 1 },
        { severity: "LOW", alertCount: 2 },
      ],
      alertFilter: { tenantIds: [T1, T0], evidence: { sha256: h, ipAddress: null, url: null, domain: null }, detectorIds: null },
    });
    // T1 saw it last; its two alerts span its first and last seen
    expect(node.tenants.map((t) => [t.tenantId, t.alertCount, t.tenant.name])).toEqual([
      [T1, 2, names.get(T1)],
      [T0, 1, names.get(T0)],
    ]);
    expect(node.lastSeen).toBe(node.tenants[0].lastSeen);
    expect(node.firstSeen).toBe(node.tenants[1].firstSeen);
    expect(Date.parse(node.tenants[0].firstSeen)).toBeLessThan(Date.parse(node.tenants[0].lastSeen));

    // the link, as the alerts list's filter and as the indicator's own field: the same three alerts
    const listed = ok(await gw.gql(IndicatorAlertsWhereDocument, { f: node.alertFilter }));
    expect(listed.alerts.totalCount).toBe(3);
    expect(listed.alerts.edges.map((e) => e.node.tenantId).sort()).toEqual([T0, T1, T1].sort());
    const own = ok(await gw.gql(IndicatorAlertCountsDocument, { f: { kinds: ["FILE_SHA256"] } }));
    expect(own.sharedIndicators.edges.find((e) => e.node.value === h)?.node.alerts.totalCount).toBe(3);

    // a third tenant: counted at once, and now enough for minTenants 3
    expect(await find(h, { filter: { minTenants: 3 } })).toBeUndefined();
    sim().createAlert(T2, { severity: "Medium", evidence: [fileEvidence(h)] });
    await gw.synced();
    expect(await find(h, { filter: { minTenants: 3 } })).toMatchObject({ tenantCount: 3, alertCount: 4 });
    // a window after the first two tenants' alerts: T2 alone saw it then
    const later = new Date(Date.parse(node.lastSeen) + 1).toISOString();
    expect(await find(h, { filter: { seenSince: later } })).toBeUndefined();
    expect(await find(h, { filter: { tenantIds: [T0, T2] } })).toMatchObject({ tenantCount: 2, alertCount: 2 });
  });

  it("the simulator's shared templates show up (URL domains, detectors); pages of 2 list each indicator once, newest first", async () => {
    const one = await all();
    expect(new Set(one.map((n) => n.kind))).toContain("DETECTOR");
    expect(new Set(one.map((n) => n.id)).size).toBe(one.length);
    const paged = await all({ first: 2 });
    expect(paged.map((n) => n.id)).toEqual(one.map((n) => n.id));
    const times = one.map((n) => Date.parse(n.lastSeen));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const n of one) expect(n.tenantCount).toBeGreaterThanOrEqual(2);
  });

  it("refuses bad arguments with BAD_USER_INPUT naming the field", async () => {
    const cases: [SharedIndicatorsQueryVariables, string][] = [
      [{ filter: { minTenants: 1 } }, "filter.minTenants"],
      [{ first: 0 }, "first"],
      [{ first: 101 }, "first"],
      [{ after: "not-a-cursor" }, "after"],
    ];
    for (const [variables, field] of cases) {
      const res = await gw.gql(SharedIndicatorsDocument, variables);
      expect(errorCode(res), JSON.stringify(variables)).toBe("BAD_USER_INPUT");
      expect(res.body.errors![0].extensions!.field).toBe(field);
    }
    // an alert list's cursor is not one of this list's
    const alerts = ok(await gw.gql(IndicatorAlertCursorDocument));
    const res = await gw.gql(SharedIndicatorsDocument, { after: alerts.alerts.pageInfo.endCursor });
    expect(errorCode(res)).toBe("BAD_USER_INPUT");
  });
});
