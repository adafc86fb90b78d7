import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { GRAPH_AUDIENCE } from "../upstream/graph.types.js";

/** Audience of Defender API tokens (the resource MDE tokens are issued for). */
export const DEFENDER_AUDIENCE = "https://api.securitycenter.microsoft.com";
/** Lifetime Entra gives client-credentials tokens, in seconds. */
export const APP_TOKEN_LIFETIME_SEC = 3599;

/** Deterministic GUID (name-based, sha1) for a demo user name, used as its `oid`. Case-insensitive in the name. */
export function demoUserId(userName: string): string {
  const h = createHash("sha1").update(`mssp-sim-user:${userName.trim().toLowerCase()}`).digest("hex");
  // Version 5 and RFC 4122 variant bits, like a real name-based UUID.
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface TokenIssuer {
  /** Public JWKS document: `{ keys: [{ kty, n, e, kid, use: "sig", alg: "RS256" }] }`. */
  jwks(): { keys: JWK[] };
  /** Signs `claims` with RS256; adds iat, nbf (now − 5 min, like Entra), exp, jti (uti). */
  sign(claims: JWTPayload, expiresInSec: number): Promise<string>;
  /** Verifies signature, expiry and audience. Rejects with jose's error on any failure. */
  verify(token: string, audience: string): Promise<JWTPayload>;
}

/** One RSA signing key per simulator run; tokens from an earlier run fail verification, like a key rollover. */
export async function createTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID().replace(/-/g, "").slice(0, 27);
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  return {
    jwks: () => ({ keys: [jwk] }),
    sign(claims, expiresInSec) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims, uti: randomUUID().replace(/-/g, "").slice(0, 22) })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuedAt(now)
        .setNotBefore(now - 300)
        .setExpirationTime(now + expiresInSec)
        .sign(privateKey);
    },
    async verify(token, audience) {
      const { payload } = await jwtVerify(token, publicKey, { audience, algorithms: ["RS256"] });
      return payload;
    },
  };
}

/**
 * Claims of a client-credentials token for the Defender API, shaped like Entra's v1 app tokens
 * (issuer sts.windows.net, `appid`, service-principal `oid`).
 */
export function defenderTokenClaims(tenantId: string, appId: string, roles: readonly string[]): JWTPayload {
  const h = createHash("sha1").update(`sp:${tenantId}:${appId}`).digest("hex");
  // Object id of the app's service principal in the tenant: stable, so every token of the pair carries the same oid.
  const oid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const iss = `https://sts.windows.net/${tenantId}/`;
  return {
    aud: DEFENDER_AUDIENCE,
    iss,
    idp: iss,
    tid: tenantId,
    appid: appId,
    azp: appId,
    appidacr: "1",
    idtyp: "app",
    oid,
    sub: oid,
    roles: [...roles],
    ver: "1.0",
  };
}

/** Claims of a client-credentials token for Microsoft Graph: the same app token shape with Graph's audience. */
export function graphTokenClaims(tenantId: string, appId: string, roles: readonly string[]): JWTPayload {
  return { ...defenderTokenClaims(tenantId, appId, roles), aud: GRAPH_AUDIENCE, app_displayname: "MSSP alert gateway" };
}

/** Capitalised display name for a demo user: "alice.smith" → "Alice Smith". */
export function displayName(user: string): string {
  return user
    .split(/[._\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(" ");
}
