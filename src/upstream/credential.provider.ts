import { readFileSync } from "node:fs";
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import { DEFENDER_SCOPE } from "./defender.types.js";
import { newUpstreamError, sanitize } from "./upstream.errors.js";

/** Authority hosts whose instance discovery works against the public Microsoft endpoints. */
const MICROSOFT_AUTHORITIES = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"]);

export interface CredentialProviderOptions {
  /** Client id of the MSSP's multi-tenant app registration. Required unless `credentialFactory` is given. */
  clientId?: string;
  /** Client secret of that app. One of `clientSecret` / `certificatePath` is required without a `credentialFactory`. */
  clientSecret?: string;
  /** PEM file holding the app's certificate and private key; preferred over a secret when both are set. */
  certificatePath?: string;
  /** Send the x5c chain with certificate assertions (subject-name/issuer auth). Default false. */
  sendCertificateChain?: boolean;
  /** Entra authority, e.g. `https://login.microsoftonline.com` (the default) or the simulator's https URL. Must be https. */
  authorityHost?: string;
  /**
   * Skip MSAL instance discovery and authority validation. Default: true when `authorityHost` is not a Microsoft
   * login host, because discovery always asks `login.microsoftonline.com` and fails offline.
   */
  disableInstanceDiscovery?: boolean;
  /** PEM of a CA to trust for the authority (a private or simulated STS). */
  caPem?: string | Buffer;
  /** Path of such a PEM; read once at construction. Ignored when `caPem` is set. */
  caFile?: string;
  /** Builds the credential of one tenant instead of the two above: for tests and exotic setups. */
  credentialFactory?: (tenantId: string) => TokenCredential;
  /** Scope requested for every tenant. Default {@link DEFENDER_SCOPE}. */
  scope?: string;
  /** Upper bound on one token acquisition, ms. Default 15,000 (MSAL retries internally). */
  tokenTimeoutMs?: number;
}

export interface CredentialProvider {
  /**
   * An access token for the tenant's Defender API, from the tenant's credential (which caches tokens until shortly
   * before expiry). With `rejected`, the token upstream just refused with 401: if it is still the current one, the
   * tenant's credential (and so its cache) is replaced and a fresh token fetched. Failures throw an
   * `UpstreamError` with UPSTREAM_AUTH_FAILED and the tenant id; messages never contain secrets.
   */
  getToken(tenantId: string, opts?: { rejected?: string }): Promise<string>;
}

/**
 * One credential per customer tenant, created lazily and reused: each instance keeps MSAL's in-memory token
 * cache, and creating credentials per request would fetch a token per request (and get Entra to throttle us).
 */
export function createCredentialProvider(opts: CredentialProviderOptions): CredentialProvider {
  const scope = opts.scope ?? DEFENDER_SCOPE;
  const tokenTimeoutMs = opts.tokenTimeoutMs ?? 15_000;
  const secrets = [opts.clientSecret].filter((s): s is string => !!s);
  const factory = opts.credentialFactory ?? realCredentialFactory(opts);
  const entries = new Map<string, { credential: TokenCredential; lastToken?: string }>();

  const entryFor = (tenantId: string) => {
    let entry = entries.get(tenantId);
    if (!entry) {
      entry = { credential: factory(tenantId) };
      entries.set(tenantId, entry);
    }
    return entry;
  };

  return {
    async getToken(tenantId, { rejected } = {}) {
      let entry: { credential: TokenCredential; lastToken?: string };
      try {
        entry = entryFor(tenantId);
        // Only the first caller that saw the rejected token replaces the credential; concurrent ones reuse the new one.
        if (rejected !== undefined && entry.lastToken === rejected) {
          entry = { credential: factory(tenantId) };
          entries.set(tenantId, entry);
        }
      } catch (e) {
        throw authFailed(tenantId, e, secrets);
      }
      const signal = AbortSignal.timeout(tokenTimeoutMs);
      try {
        const token = await Promise.race([
          entry.credential.getToken(scope, { abortSignal: signal }),
          new Promise<never>((_, reject) =>
            signal.addEventListener("abort", () => reject(new Error(`token request timed out after ${tokenTimeoutMs} ms`)), { once: true }),
          ),
        ]);
        if (!token?.token) throw new Error("the credential returned no token");
        entry.lastToken = token.token;
        return token.token;
      } catch (e) {
        throw authFailed(tenantId, e, secrets);
      }
    },
  };
}

function authFailed(tenantId: string, e: unknown, secrets: readonly string[]): UpstreamError {
  if (e instanceof UpstreamError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  return newUpstreamError(
    ErrorCode.UPSTREAM_AUTH_FAILED,
    sanitize(`could not get a Defender token for the tenant: ${reason}`, secrets),
    tenantId,
    {
      cause: e,
    },
  );
}

function realCredentialFactory(opts: CredentialProviderOptions): (tenantId: string) => TokenCredential {
  const authorityHost = opts.authorityHost ?? "https://login.microsoftonline.com";
  const disableInstanceDiscovery = opts.disableInstanceDiscovery ?? !MICROSOFT_AUTHORITIES.has(new URL(authorityHost).hostname);
  const ca = opts.caPem ?? (opts.caFile ? readFileSync(opts.caFile) : undefined);
  const common = { authorityHost, disableInstanceDiscovery, ...(ca ? { tlsOptions: { ca } } : {}) };
  return (tenantId) => {
    if (!opts.clientId) throw new Error("no client id configured for the Defender app");
    if (opts.certificatePath) {
      return new ClientCertificateCredential(
        tenantId,
        opts.clientId,
        { certificatePath: opts.certificatePath },
        { ...common, sendCertificateChain: opts.sendCertificateChain ?? false },
      );
    }
    if (opts.clientSecret) return new ClientSecretCredential(tenantId, opts.clientId, opts.clientSecret, common);
    throw new Error("neither a client secret nor a certificate is configured for the Defender app");
  };
}
