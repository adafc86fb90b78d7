import type { Config, SeedGrant, TenantConfig } from "../config/config.js";
import type { Logger } from "../logger.js";
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

/**
 * Builds the environment of the configured mode. The embedded simulator is loaded with a dynamic
 * `import()` only in embedded mode, so a remote deployment never loads (or ships a path into)
 * simulator code.
 */
export async function createUpstreamEnvironment(config: Config, logger: Logger): Promise<UpstreamEnvironment> {
  if (config.mode === "embedded") {
    const { createEmbeddedEnvironment } = await import("./embedded.environment.js");
    return createEmbeddedEnvironment(config, logger);
  }
  const { createRemoteEnvironment } = await import("./remote.environment.js");
  return createRemoteEnvironment(config);
}
