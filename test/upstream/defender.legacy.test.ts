import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefenderClient } from "../../src/upstream/defender.client.js";
import { createDefenderSource } from "../../src/upstream/defender.source.js";
import { fakeCredentials, json, startFakeDefender, type FakeDefender } from "./fake-defender.js";

const T1 = "11111111-1111-1111-1111-111111111111";

let fake: FakeDefender;
beforeAll(async () => {
  // echoes the PATCH body into the alert, as upstream does
  fake = await startFakeDefender((req, res) =>
    json(res, 200, {
      "@odata.context": "x",
      id: "da1",
      title: "t",
      severity: "High",
      status: "New",
      evidence: [],
      comments: [],
      mitreTechniques: [],
      ...JSON.parse(req.body || "{}"),
    }),
  );
});
afterAll(() => fake.close());

const client = () => createDefenderClient({ baseUrlFor: () => fake.url, credentialFactory: fakeCredentials().factory });
const lastBody = () => JSON.parse(fake.requests.at(-1)!.body) as Record<string, unknown>;

describe("legacy updates use the update API's spellings", () => {
  it("the client turns the alert page's Clean / ConfirmedUserActivity into NotMalicious / ConfirmedActivity", async () => {
    const c = client();
    await c.updateAlert(T1, "da1", { determination: "Clean", classification: "FalsePositive" });
    expect(lastBody()).toEqual({ determination: "NotMalicious", classification: "FalsePositive" });
    await c.updateAlert(T1, "da1", { determination: "ConfirmedUserActivity", status: "Resolved", comment: "known admin" });
    expect(lastBody()).toEqual({ determination: "ConfirmedActivity", status: "Resolved", comment: "known admin" });
    await c.updateAlert(T1, "da1", { determination: "Malware" });
    expect(lastBody()).toEqual({ determination: "Malware" });
    await c.updateAlert(T1, "da1", { determination: "NotMalicious" });
    expect(lastBody()).toEqual({ determination: "NotMalicious" });
  });

  it("the legacy UpstreamSource maps the gateway's values to those spellings and reads them back", async () => {
    const source = createDefenderSource(client());
    const updated = await source.updateAlert(T1, "da1", {
      determination: "CLEAN",
      classification: "FALSE_POSITIVE",
      status: "RESOLVED",
      assignedTo: "soc@mssp.example",
    });
    expect(lastBody()).toEqual({
      determination: "NotMalicious",
      classification: "FalsePositive",
      status: "Resolved",
      assignedTo: "soc@mssp.example",
    });
    expect(updated).toMatchObject({
      determination: "CLEAN",
      determinationRaw: "NotMalicious",
      classification: "FALSE_POSITIVE",
      status: "RESOLVED",
    });
    await source.updateAlert(T1, "da1", { determination: "CONFIRMED_USER_ACTIVITY" });
    expect(lastBody()).toEqual({ determination: "ConfirmedActivity" });
  });

  it("legacy tenants have no incidents: updates say so with UPSTREAM_BAD_REQUEST, reads find nothing", async () => {
    const source = createDefenderSource(client());
    await expect(source.updateIncident(T1, "1", { status: "RESOLVED" })).rejects.toMatchObject({
      extensions: { code: "UPSTREAM_BAD_REQUEST", tenantId: T1 },
    });
    expect(await source.getIncidents(T1, ["1", "2"])).toEqual([null, null]);
  });
});
