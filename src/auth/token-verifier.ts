import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTPayload,
} from "jose";
import { isGatewayError, unauthenticated } from "../errors/errors.js";
import type { Principal } from "./principal.js";

export interface TokenVerifierOptions {
  /** Expected `iss`: the MSSP tenant's Entra issuer (`https://login.microsoftonline.com/<tid>/v2.0`). */
  issuer: string;
  /** Expected `aud`: the gateway's app id URI or client id. */
  audience: string;
  /** JWKS location; keys are cached and refetched on unknown `kid` (jose's cooldown: 30 s). */
  jwksUrl: string;
  /** Allowed clock skew, seconds. Default 60. */
  clockToleranceSeconds?: number;
  /** App role that makes a caller a gateway admin. Default `Gateway.Admin`. */
  adminRole?: string;
  /**
   * How long a verified token is remembered (never past its `exp`), ms. Saves an RS256 verification on
   * every request of a busy client; a key removed from the JWKS stops working within this time. Default 60 s.
   */
  cacheTtlMs?: number;
  /** Most tokens remembered at once (oldest dropped first). Default 10,000. */
  cacheMaxEntries?: number;
}

export interface TokenVerifier {
  /** Validates signature (RS256 only), issuer, audience and expiry; throws UNAUTHENTICATED otherwise. */
  verify(token: string): Promise<Principal>;
  /** Parses an `Authorization` header value (`Bearer <jwt>`); throws UNAUTHENTICATED when absent or malformed. */
  verifyHeader(header: string | undefined | null): Promise<Principal>;
}

const stringArray = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** Entra's group overage: the `groups` list was left out and is to be fetched from Microsoft Graph instead. */
const hasGroupOverage = (claims: JWTPayload): boolean => {
  const names = claims._claim_names;
  const namesGroups = typeof names === "object" && names !== null && "groups" in names;
  return namesGroups || claims.hasgroups === true || claims.hasgroups === "true";
};
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  const adminRole = opts.adminRole ?? "Gateway.Admin";

  const toPrincipal = (claims: JWTPayload): Principal => {
    const appRoles = stringArray(claims.roles);
    const userId = str(claims.oid);
    const appId = str(claims.azp) ?? str(claims.appid);
    const username = str(claims.preferred_username) ?? str(claims.upn);
    return {
      userId,
      appId,
      username,
      displayName: str(claims.name) ?? username ?? appId ?? "unknown",
      groups: stringArray(claims.groups),
      groupsComplete: Array.isArray(claims.groups) && !hasGroupOverage(claims),
      appRoles,
      isAdmin: appRoles.includes(adminRole),
      expiresAt: typeof claims.exp === "number" ? claims.exp : 0,
      issuerTenantId: str(claims.tid),
    };
  };

  const cacheTtlMs = opts.cacheTtlMs ?? 60_000;
  const cacheMax = opts.cacheMaxEntries ?? 10_000;
  const verified = new Map<string, { principal: Principal; until: number }>();

  const verify = async (token: string): Promise<Principal> => {
    const hit = verified.get(token);
    if (hit) {
      if (hit.until > Date.now()) return hit.principal;
      verified.delete(token);
    }
    const principal = await verifyUncached(token);
    const until = Math.min(Date.now() + cacheTtlMs, principal.expiresAt * 1000);
    if (cacheTtlMs > 0 && until > Date.now()) {
      verified.set(token, { principal, until });
      if (verified.size > cacheMax) verified.delete(verified.keys().next().value!);
    }
    return principal;
  };

  /**
   * The verification key. A token without `kid` is accepted only while the issuer publishes a single
   * signing key: with several, "try each key" would let a token signed by any of them (a retiring key,
   * a key meant for something else) through without saying which.
   */
  const keyFor = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    const noKid = () => unauthenticated("the bearer token has no 'kid' header and the issuer publishes several signing keys");
    const key = await jwks(header, token).catch((e: unknown) => {
      // jose would go on to try every candidate key: that is what we refuse.
      throw header.kid === undefined && e instanceof joseErrors.JWKSMultipleMatchingKeys ? noKid() : e;
    });
    if (header.kid === undefined) {
      const signing = (jwks.jwks()?.keys ?? []).filter(
        (k) => (k.use === undefined || k.use === "sig") && (k.alg === undefined || k.alg === header.alg),
      );
      if (signing.length > 1) throw noKid();
    }
    return key;
  };

  const verifyUncached = async (token: string): Promise<Principal> => {
    try {
      const { payload } = await jwtVerify(token, keyFor, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ["RS256"],
        clockTolerance: opts.clockToleranceSeconds ?? 60,
        requiredClaims: ["exp"],
      });
      return toPrincipal(payload);
    } catch (e) {
      if (isGatewayError(e)) throw e;
      // Say which check failed (expired, audience, signature) but never echo the token.
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated("the bearer token has expired");
      if (e instanceof joseErrors.JWTClaimValidationFailed)
        throw unauthenticated(`the bearer token is not valid here: ${e.claim} check failed`);
      if (e instanceof joseErrors.JOSEError) throw unauthenticated(`the bearer token could not be verified (${e.code})`);
      throw unauthenticated("the bearer token could not be verified");
    }
  };

  return {
    verify,
    async verifyHeader(header) {
      if (!header) throw unauthenticated("missing Authorization header: expected 'Bearer <token>'");
      const m = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)\s*$/i.exec(header);
      if (!m?.[1]) throw unauthenticated("malformed Authorization header: expected 'Bearer <jwt>'");
      return verify(m[1]);
    },
  };
}
