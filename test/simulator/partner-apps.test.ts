import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, DEMO_PARTNER_APPS, type Simulator } from "../../src/simulator/index.js";
import { api, requestToken } from "./sim.helpers.js";

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "src/simulator/token.cli.ts", ...args], { cwd: process.cwd() });

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ alertsPerTenant: 1, machinesPerTenant: 1, httpsPort: null });
});
afterAll(() => sim.close());

const siem = () => sim.partnerApps.find((a) => a.name === "partner-siem")!;

describe("demo partner apps", () => {
  it("are registered and exposed on the Simulator object and /_sim/info", async () => {
    expect(sim.partnerApps.map((a) => a.name)).toEqual(["partner-siem", "partner-soar"]);
    expect(sim.partnerApps).toEqual(DEMO_PARTNER_APPS);
    for (const a of sim.partnerApps) expect(a.appId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const info = await api(sim, "/_sim/info");
    expect(info.body).toMatchObject({ partnerApps: sim.partnerApps, graphUrl: `${sim.httpUrl}/v1.0` });
  });

  it("get app-only tokens for the gateway's audience with client credentials in the MSSP tenant", async () => {
    const app = siem();
    const { status, body } = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: app.appId,
      client_secret: app.secret,
      scope: `${sim.gatewayAppId}/.default`,
    });
    expect(status).toBe(200);
    const claims = decodeJwt(body["access_token"] as string);
    expect(claims).toMatchObject({
      iss: sim.userTokenIssuer,
      aud: sim.gatewayAppId,
      tid: sim.msspTenantId,
      azp: app.appId,
      appid: app.appId,
      sub: app.appId,
      idtyp: "app",
      roles: app.roles,
    });
    expect(claims).not.toHaveProperty("oid");
    expect(claims).not.toHaveProperty("preferred_username");
  });

  it("refuse a wrong secret, another audience and other tenants like Entra", async () => {
    const app = siem();
    const wrong = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: app.appId,
      client_secret: "nope",
      scope: `${sim.gatewayAppId}/.default`,
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: "invalid_client", error_codes: [7000215] } });
    const graphScope = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: app.appId,
      client_secret: app.secret,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(graphScope).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    const customer = await requestToken(sim, sim.tenants[0].id, {
      grant_type: "client_credentials",
      client_id: app.appId,
      client_secret: app.secret,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(customer).toMatchObject({ status: 400, body: { error: "unauthorized_client", error_codes: [700016] } });
    const unknown = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: "not-registered",
      client_secret: "x",
      scope: `${sim.gatewayAppId}/.default`,
    });
    expect(unknown.body).toMatchObject({ error_codes: [700016] });
  });

  it("the token CLI prints an app-only token for --app and lists the apps with secrets", { timeout: 120_000 }, async () => {
    // Each CLI run starts a tsx process: slow on a busy machine, so they run side by side.
    const [app, list, unknown, wrongSecret] = await Promise.allSettled([
      cli(["--app", "partner-siem", "--sim-url", sim.httpUrl!]),
      cli(["--list-apps", "--sim-url", sim.httpUrl!]),
      cli(["--app", "partner-nope", "--sim-url", sim.httpUrl!]),
      cli(["--app", "partner-siem", "--secret", "wrong", "--sim-url", sim.httpUrl!]),
    ]);
    if (app.status !== "fulfilled" || list.status !== "fulfilled") throw new Error("the CLI failed");
    const { stdout, stderr } = app.value;
    expect(stderr).toBe("");
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(decodeJwt(stdout.trim())).toMatchObject({ azp: siem().appId, idtyp: "app", roles: ["Alerts.Read"], aud: sim.gatewayAppId });
    expect(JSON.parse(list.value.stdout) as unknown).toEqual(sim.partnerApps);
    expect(unknown).toMatchObject({ status: "rejected", reason: { code: 1, stdout: "", stderr: expect.stringMatching(/partner-siem/) } });
    expect(wrongSecret).toMatchObject({ status: "rejected", reason: { code: 1, stderr: expect.stringMatching(/401/) } });
  });
});
