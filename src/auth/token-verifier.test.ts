import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTokenVerifier } from "./token-verifier.js";

const ISSUER = "https://login.example/tid/v2.0";
const AUDIENCE = "api://gateway";

/** A real JWKS endpoint on loopback serving `keys`. */
async function jwksServer(keys: JWK[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/keys`, close: () => new Promise((r) => server.close(() => r())) };
}

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" } };
}

const sign = (key: CryptoKey, kid?: string) =>
  new SignJWT({ oid: "u1", roles: [] })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(key);

describe("token verifier: tokens without kid", () => {
  let server: { close(): Promise<void> } | undefined;
  afterEach(async () => server?.close());

  it("accepts a token without kid when the JWKS has one key", async () => {
    const a = await keyPair("a");
    const s = (server = await jwksServer([a.jwk]));
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: s.url, cacheTtlMs: 0 });
    await expect(verifier.verify(await sign(a.privateKey))).resolves.toMatchObject({ userId: "u1" });
  });

  it("refuses a token without kid when the JWKS has several keys (with kid it is accepted)", async () => {
    const a = await keyPair("a");
    const b = await keyPair("b");
    const s = (server = await jwksServer([a.jwk, b.jwk]));
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: s.url, cacheTtlMs: 0 });
    for (const key of [a.privateKey, b.privateKey]) {
      await expect(verifier.verify(await sign(key))).rejects.toMatchObject({
        extensions: { code: "UNAUTHENTICATED" },
        message: expect.stringMatching(/no 'kid'.*several signing keys/),
      });
    }
    await expect(verifier.verify(await sign(b.privateKey, "b"))).resolves.toMatchObject({ userId: "u1" });
  });
});

describe("token verifier: verified-token cache", () => {
  let server: { close(): Promise<void> } | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await server?.close();
  });

  const signExpiring = (key: CryptoKey, kid: string, expSec: number) =>
    new SignJWT({ oid: "u1", roles: [] })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expSec)
      .sign(key);

  it("remembers a verified token, never past its exp: an expired token is refused even while cached", async () => {
    const a = await keyPair("a");
    const s = (server = await jwksServer([a.jwk]));
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const token = await signExpiring(a.privateKey, "a", Math.floor(now / 1000) + 120);
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: s.url,
      cacheTtlMs: 3_600_000,
      clockToleranceSeconds: 0,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: "u1" });
    // The key disappears: a cached token still passes (no verification), within its exp.
    await server.close();
    server = undefined;
    vi.setSystemTime(now + 60_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: "u1" });
    // Past exp: verified again (the cache entry ended at exp), and refused.
    vi.setSystemTime(now + 121_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });
});
