import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

/**
 * GraphQL-over-HTTP conformance (graphql-http's audit suite) against /graphql, one test per audit, the way
 * Apollo Server runs it: every MUST passes; SHOULD/MAY results are reported. The audit's requests carry a
 * valid token through `fetchFn` (every operation needs one).
 *
 * Known, by design (Apollo Server 5): with `accept: application/json` parse, validation and variable-coercion
 * failures answer 400 instead of the SHOULD's 200; CSRF prevention blocks plain GETs without a content-type
 * or `apollo-require-preflight` (MAY notices).
 */
let gw: TestGateway;
let token = "";
const results: { name: string; status: string; reason?: string }[] = [];

beforeAll(async () => {
  gw = await startGateway();
  token = await gw.token("alice");
});
afterAll(async () => {
  const count = (level: string, status: string) => results.filter((r) => r.name.startsWith(level) && r.status === status).length;
  console.log(
    "graphql-http audit",
    JSON.stringify({
      MUST: { ok: count("MUST", "ok"), other: results.filter((r) => r.name.startsWith("MUST") && r.status !== "ok").length },
      SHOULD: { ok: count("SHOULD", "ok"), warn: count("SHOULD", "warn"), error: count("SHOULD", "error") },
      MAY: { ok: count("MAY", "ok"), notice: count("MAY", "notice") },
      notOk: results.filter((r) => r.status !== "ok").map((r) => r.name),
    }),
  );
  await gw?.close();
});

const withToken: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

describe("graphql-http audit of /graphql", () => {
  const audits = serverAudits({ url: () => `${gw.url}/graphql`, fetchFn: withToken });
  const run = async (audit: (typeof audits)[number]) => {
    const result = await audit.fn();
    results.push({ name: audit.name, status: result.status, reason: result.status === "ok" ? undefined : result.reason });
    // responses of failing audits are not read by graphql-http: release them
    if (result.status !== "ok" && "response" in result) await result.response.body?.cancel().catch(() => {});
    return result;
  };
  // MUST audits have to pass; SHOULD/MAY ones are only recorded in the report
  for (const audit of audits.filter((a) => a.name.startsWith("MUST"))) {
    it(audit.name, async () => {
      const result = await run(audit);
      expect(result.status, result.status === "ok" ? "" : result.reason).toBe("ok");
    });
  }
  for (const audit of audits.filter((a) => !a.name.startsWith("MUST"))) {
    it(audit.name, async () => {
      await run(audit);
    });
  }
});
