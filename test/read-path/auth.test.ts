import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MyNameDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";

describe("authentication (HTTP)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "2" });
  });
  afterAll(() => gw?.close());

  const me = MyNameDocument;

  it("accepts a valid user token from the issuer", async () => {
    const res = await gw.gql(me, {}, { user: "alice" });
    expect(res.status).toBe(200);
    expect(res.body.data!.me.displayName).toBe("Alice");
  });

  it.each([
    ["no header", null],
    ["garbage", "not-a-jwt"],
    ["a JWT with a forged signature", "forged"],
    ["an expired token", "expired"],
    ["a token for another audience", "audience"],
  ])("answers HTTP 401 UNAUTHENTICATED for %s", async (_name, kind) => {
    let token: string | null = null;
    if (kind === "not-a-jwt") token = "abc.def";
    if (kind === "expired") token = await gw.token("alice", { expiresInSec: -600 });
    if (kind === "forged") {
      const { privateKey } = await generateKeyPair("RS256");
      token = await new SignJWT({ oid: "x", name: "Eve" })
        .setProtectedHeader({ alg: "RS256", kid: "evil" })
        .setIssuer(gw.app.simulator!.userTokenIssuer)
        .setAudience(gw.app.simulator!.gatewayAppId)
        .setExpirationTime("1h")
        .sign(privateKey);
    }
    if (kind === "audience")
      token = await gw.app.simulator!.mintAppToken({ appId: "someone-else" }).then(async () => {
        // a Defender API token: right issuer family, wrong audience for the gateway
        const tenant = gw.app.simulator!.tenants[0].id;
        const res = await fetch(`${gw.app.simulator!.httpUrl}/${tenant}/oauth2/v2.0/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: gw.app.simulator!.clientId,
            client_secret: gw.app.simulator!.clientSecret,
            scope: "https://api.securitycenter.microsoft.com/.default",
          }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      });
    const res = await postGraphQL(gw.url, me, {}, token);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
  });

  it("never echoes the token in the error", async () => {
    const token = await gw.token("alice", { expiresInSec: -600 });
    const res = await postGraphQL(gw.url, me, {}, token);
    expect(JSON.stringify(res.body)).not.toContain(token.slice(-20));
  });
});
