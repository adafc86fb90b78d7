/**
 * `npm run simulator`: the simulator as its own process, so the gateway talks to it over real HTTP(S).
 * A separate program from the gateway, so it reads its own environment (see README for the variables).
 */
import { createSimulator } from "./simulator.js";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a non-negative integer, but got '${raw}'`);
  return n;
}

/** "off" disables a listener. */
function portEnv(name: string, fallback: number): number | null {
  return process.env[name]?.trim().toLowerCase() === "off" ? null : intEnv(name, fallback);
}

async function main(): Promise<void> {
  const sim = await createSimulator({
    host: process.env["SIM_HOST"] || "127.0.0.1",
    httpPort: portEnv("SIM_HTTP_PORT", 4010),
    httpsPort: portEnv("SIM_HTTPS_PORT", 4011),
    seed: intEnv("SIM_SEED", 42),
    tenantCount: intEnv("SIM_TENANTS", 3),
    alertsPerTenant: intEnv("SIM_ALERTS_PER_TENANT", 40),
    ...(process.env["SIM_XDR_ALERTS_PER_TENANT"] ? { xdrAlertsPerTenant: intEnv("SIM_XDR_ALERTS_PER_TENANT", 10) } : {}),
    ...(process.env["SIM_GRAPH_PAGE_SIZE"] ? { graphPageSize: Math.max(1, intEnv("SIM_GRAPH_PAGE_SIZE", 100)) } : {}),
    generateIntervalMs: intEnv("SIM_GENERATE_INTERVAL_MS", 10_000),
    ...(process.env["SIM_CERT_DIR"] ? { certDir: process.env["SIM_CERT_DIR"] } : {}),
    ...(process.env["SIM_PUBLIC_URL"] ? { publicUrl: process.env["SIM_PUBLIC_URL"] } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({
      msg: "simulator listening",
      httpUrl: sim.httpUrl,
      httpsUrl: sim.httpsUrl,
      graphUrl: sim.graphUrl,
      caCertPath: sim.caCertPath,
      msspTenantId: sim.msspTenantId,
      clientId: sim.clientId,
      gatewayAppId: sim.gatewayAppId,
      userTokenIssuer: sim.userTokenIssuer,
      jwksUrl: sim.jwksUrl,
      tenants: sim.tenants,
      partnerApps: sim.partnerApps,
    })}\n`,
  );
  const shutdown = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ msg: "simulator failed to start", error: (err as Error).message })}\n`);
  process.exit(1);
});
