import { readFileSync } from "node:fs";
import { ClientSecretCredential } from "@azure/identity";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, demoUserId, type Simulator } from "../../src/simulator/index.js";
import { DEFENDER_SCOPE, api, defenderToken, requestToken } from "./sim.helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ alertsPerTenant: 5, machinesPerTenant: 3 });
});
afterAll(() => sim.close());

describe("token endpoint", () => {
  it("issues a Defender token for a consenting customer tenant", async () => {
    const tenant = sim.tenants[0];
    const { status, body } = await requestToken(sim, tenant.id, {
      grant_type: "client_credentials",
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      scope: DEFENDER_SCOPE,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const claims = decodeJwt(body["access_token"] as string);
    expect(claims).toMatchObject({
      aud: "https://api.securitycenter.microsoft.com",
      tid: tenant.id,
      appid: sim.clientId,
      azp: sim.clientId,
      roles: ["Alert.ReadWrite.All", "Machine.Read.All"],
    });
    expect((claims.exp as number) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  it("rejects a wrong secret with invalid_client (401)", async () => {
    const { status, body } = await requestToken(sim, sim.tenants[0].id, {
      grant_type: "client_credentials",
      client_id: sim.clientId,
      client_secret: "nope",
      scope: DEFENDER_SCOPE,
    });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
    expect(body["error_description"]).toMatch(/^AADSTS7000215:/);
  });

  it("rejects an unknown grant type, an unknown client and a scope without /.default", async () => {
    const tenantId = sim.tenants[0].id;
    const base = { client_id: sim.clientId, client_secret: sim.clientSecret, scope: DEFENDER_SCOPE };
    expect(await requestToken(sim, tenantId, { ...base, grant_type: "password" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type", error_codes: [70003] },
    });
    expect(
      await requestToken(sim, tenantId, { ...base, grant_type: "client_credentials", client_id: "11111111-1111-1111-1111-111111111111" }),
    ).toMatchObject({
      status: 400,
      body: { error: "unauthorized_client", error_codes: [700016] },
    });
    expect(
      await requestToken(sim, tenantId, { ...base, grant_type: "client_credentials", scope: "https://api.securitycenter.microsoft.com" }),
    ).toMatchObject({
      status: 400,
      body: { error: "invalid_scope" },
    });
    expect(await requestToken(sim, "99999999-9999-4999-8999-999999999999", { ...base, grant_type: "client_credentials" })).toMatchObject({
      status: 400,
      body: { error_codes: [90002] },
    });
  });

  it("refuses tokens in a tenant that revoked consent, and the Defender API refuses its old tokens", async () => {
    const tenantId = sim.tenants[1].id;
    const oldToken = await defenderToken(sim, tenantId);
    sim.control.revokeConsent(tenantId);
    try {
      const { status, body } = await requestToken(sim, tenantId, {
        grant_type: "client_credentials",
        client_id: sim.clientId,
        client_secret: sim.clientSecret,
        scope: DEFENDER_SCOPE,
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
      expect((await api(sim, "/api/alerts", oldToken)).status).toBe(401);
    } finally {
      sim.control.grantConsent(tenantId);
    }
    expect((await api(sim, "/api/alerts?$top=1", await defenderToken(sim, tenantId))).status).toBe(200);
  });

  it("issues a gateway-audience app token in the MSSP tenant", async () => {
    const { status, body } = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      scope: `${sim.gatewayAppId}/.default`,
    });
    expect(status).toBe(200);
    const { payload } = await jwtVerify(body["access_token"] as string, createRemoteJWKSet(new URL(sim.jwksUrl)), {
      issuer: sim.userTokenIssuer,
      audience: sim.gatewayAppId,
    });
    expect(payload).toMatchObject({ tid: sim.msspTenantId, azp: sim.clientId, idtyp: "app" });
    expect(payload["oid"]).toBeUndefined();
  });
});

describe("discovery, JWKS and user tokens", () => {
  it("serves an OpenID configuration on the request's own origin", async () => {
    const { status, body } = await api(sim, `/${sim.msspTenantId}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body.issuer).toBe(sim.userTokenIssuer);
    expect(body.token_endpoint).toBe(`${sim.httpUrl}/${sim.msspTenantId}/oauth2/v2.0/token`);
    expect(body.jwks_uri).toBe(sim.jwksUrl);
    const keys = await api(sim, "/discovery/v2.0/keys");
    expect(keys.body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
  });

  it("mints user tokens that verify against the JWKS with the documented claims", async () => {
    const token = await sim.mintUserToken({ user: "alice", groups: ["g1", "g2"], roles: ["Gateway.Admin"] });
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(sim.jwksUrl)), {
      issuer: sim.userTokenIssuer,
      audience: sim.gatewayAppId,
    });
    expect(payload).toMatchObject({
      tid: sim.msspTenantId,
      oid: demoUserId("alice"),
      name: "Alice",
      preferred_username: "alice@mssp.example",
      groups: ["g1", "g2"],
      roles: ["Gateway.Admin"],
      ver: "2.0",
    });
    expect(demoUserId("alice")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demoUserId("alice")).not.toBe(demoUserId("bob"));
  });

  it("serves the dev token endpoint with the CLI's query", async () => {
    const { status, body } = await api(sim, "/_sim/token?user=bob&groups=a,b&expiresIn=120");
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 120 });
    expect(decodeJwt(body.access_token)).toMatchObject({ oid: demoUserId("bob"), groups: ["a", "b"], roles: [] });
    expect((await api(sim, "/_sim/token")).status).toBe(400);
  });
});

describe("@azure/identity against the HTTPS authority", () => {
  it("gets a token with ClientSecretCredential that the Defender API accepts", async () => {
    const tenant = sim.tenants[2];
    const credential = new ClientSecretCredential(tenant.id, sim.clientId, sim.clientSecret, {
      authorityHost: sim.httpsUrl!,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: readFileSync(sim.caCertPath!, "utf8") },
    });
    const accessToken = await credential.getToken(DEFENDER_SCOPE);
    expect(accessToken.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
    const res = await api(sim, "/api/alerts?$top=2", accessToken.token);
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(2);
    expect(res.body.value[0].aadTenantId).toBe(tenant.id);

    const wrong = new ClientSecretCredential(tenant.id, sim.clientId, "wrong", {
      authorityHost: sim.httpsUrl!,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: sim.caCertPem! },
    });
    await expect(wrong.getToken(DEFENDER_SCOPE)).rejects.toThrow(/AADSTS7000215/);
  });
});
