import type { SeedGrant, TenantConfig } from "../config/config.js";
import type { Simulator, UserTokenRequest } from "../simulator/index.js";

/**
 * Everything the gateway needs to know about the clouds around it: which tenants it serves, where it
 * gets upstream tokens and data, and whose tokens it accepts. The only part of the gateway that
 * differs between the embedded demo and a real deployment.
 */
export interface UpstreamEnvironment {
  tenants: TenantConfig[];
  seedGrants: SeedGrant[];
  /** How the upstream client authenticates and where each tenant's API lives. */
  upstream: {
    authorityHost: string;
    /** Defender API base URL of a tenant, without `/api`. */
    apiBase(tenant: TenantConfig): string;
    /** Microsoft Graph version root of a tenant, e.g. `https://graph.microsoft.com/v1.0` (`GRAPH_API_URL`). */
    graphBase(tenant: TenantConfig): string;
    clientId: string;
    clientSecret?: string;
    certificatePath?: string;
    /** CA (PEM) to trust for the authority and API, e.g. the simulator's self-signed CA. */
    caPem?: string;
  };
  /** The callers' token issuer. */
  auth: { issuer: string; jwksUrl: string; audience: string };
  /** Mints demo user tokens (`/dev/token`, GraphiQL); embedded only. */
  devTokens?: (req: UserTokenRequest) => Promise<string>;
  /** The in-process simulator, embedded only (tests drive it). */
  simulator: Simulator | null;
  /** Stops what the environment started (the simulator). */
  close(): Promise<void>;
}
