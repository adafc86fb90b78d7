import { readFileSync } from "node:fs";
import type { RemoteConfig, TenantConfig } from "../config/config.js";
import type { UpstreamEnvironment } from "./upstream.environment.types.js";

const DEFENDER_GLOBAL = "https://api.security.microsoft.com";
/** Defender's geo host of a tenant's region ("eu" → eu.api.security.microsoft.com), or the global host. */
const regionalBase = (t: TenantConfig) => (t.region ? `https://${t.region}.api.security.microsoft.com` : DEFENDER_GLOBAL);

/** Real Entra and Defender endpoints (or a standalone simulator), tenants and seed grants from the config file. */
export function createRemoteEnvironment(config: RemoteConfig): UpstreamEnvironment {
  const env = config.env;
  return {
    tenants: config.tenants,
    seedGrants: config.seedGrants,
    upstream: {
      authorityHost: env.AUTHORITY_HOST,
      // Per tenant override first (GCC hosts), then one URL for all (a standalone simulator), then the geo host.
      apiBase: (t) => t.apiBaseUrl ?? env.DEFENDER_API_URL ?? regionalBase(t),
      graphBase: () => env.GRAPH_API_URL,
      clientId: env.UPSTREAM_CLIENT_ID,
      clientSecret: env.UPSTREAM_CLIENT_SECRET,
      certificatePath: env.UPSTREAM_CERTIFICATE_PATH,
      caPem: env.UPSTREAM_CA_FILE ? readFileSync(env.UPSTREAM_CA_FILE, "utf8") : undefined,
    },
    auth: { issuer: env.AUTH_ISSUER, jwksUrl: env.AUTH_JWKS_URL, audience: env.AUTH_AUDIENCE },
    simulator: null,
    close: async () => {},
  };
}
