import type { EmbeddedConfig, SeedGrant, TenantConfig } from "../config/config.js";
import type { Logger } from "../logger.js";
import { createSimulator, demoUserId } from "../simulator/index.js";
import type { UpstreamEnvironment } from "./upstream.environment.types.js";

/** Demo analysts of the embedded default (see README): alice TIER2 everywhere, bob TIER1 on the first tenant, carol APPROVER everywhere. */
export function demoSeedGrants(tenants: readonly TenantConfig[]): SeedGrant[] {
  const user = (name: string) => ({
    kind: "USER" as const,
    id: demoUserId(name),
    displayName: name.charAt(0).toUpperCase() + name.slice(1),
  });
  return [
    { tenantId: "*", subject: user("alice"), role: "TIER2_ANALYST" },
    ...(tenants[0] ? [{ tenantId: tenants[0].id, subject: user("bob"), role: "TIER1_ANALYST" as const }] : []),
    { tenantId: "*", subject: user("carol"), role: "APPROVER" },
  ];
}

/** The built-in simulator in this process: identity provider, upstream API and demo tenants (plus any configured ones). */
export async function createEmbeddedEnvironment(config: EmbeddedConfig, logger: Logger): Promise<UpstreamEnvironment> {
  const env = config.env;
  const sim = await createSimulator({
    seed: env.SIM_SEED,
    tenantCount: env.SIM_TENANTS,
    alertsPerTenant: env.SIM_ALERTS_PER_TENANT,
    generateIntervalMs: env.SIM_GENERATE_INTERVAL_MS,
    host: "127.0.0.1",
    httpPort: env.SIM_HTTP_PORT,
    httpsPort: env.SIM_HTTPS_PORT,
  });
  const httpUrl = sim.httpUrl!;
  const tenants = [...sim.tenants.map((t) => ({ id: t.id, name: t.name, region: t.region, apiBaseUrl: httpUrl })), ...config.tenants];
  logger.info({ httpUrl, httpsUrl: sim.httpsUrl, tenants: sim.tenants.length }, "embedded simulator started");
  // The demo SIEM app reads every demo tenant, so a partner tool has a token and a grant from the first minute.
  const siem = sim.partnerApps.find((a) => a.name === "partner-siem");
  const partnerGrants: SeedGrant[] = siem
    ? [{ tenantId: "*", subject: { kind: "APP", id: siem.appId, displayName: "partner-siem (demo SIEM)" }, role: "TIER1_ANALYST" }]
    : [];
  return {
    tenants,
    seedGrants: [...demoSeedGrants(tenants), ...partnerGrants, ...config.seedGrants],
    upstream: {
      authorityHost: sim.httpsUrl!,
      apiBase: (t) => t.apiBaseUrl ?? httpUrl,
      // The simulator's Graph face: the same simulated world as its Defender face.
      graphBase: () => sim.graphUrl,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      caPem: sim.caCertPem ?? undefined,
    },
    auth: { issuer: sim.userTokenIssuer, jwksUrl: sim.jwksUrl, audience: sim.gatewayAppId },
    devTokens: (req) => sim.mintUserToken(req),
    simulator: sim,
    close: () => sim.close(),
  };
}
