import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFENDER_LIMITS } from "../upstream/defender.types.js";
import { GRAPH_LIMITS } from "../upstream/graph.types.js";
import { createControl } from "./control.service.js";
import { mountControlRoutes } from "./control.routes.js";
import { mountDefenderRoutes, sendDefenderError } from "./defender.routes.js";
import { releaseHung } from "./fault.injector.js";
import { graphNotFound, mountGraphRoutes } from "./graph.routes.js";
import { createRouter, sendJson } from "./http.router.js";
import { mountIdentityRoutes } from "./identity.routes.js";
import { DEFAULT_MSSP_TENANT_ID, DEMO_PARTNER_APPS, type Simulator, type SimulatorOptions } from "./simulator.types.js";
import { ensureTlsMaterial } from "./tls.cert.js";
import { APP_TOKEN_LIFETIME_SEC, createTokenIssuer, demoUserId, displayName } from "./token.issuer.js";
import { createWorld } from "./world.store.js";

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Hung and keep-alive connections would otherwise hold close() open forever.
    server.closeAllConnections();
  });
}

// A wildcard bind address is not something a client can dial; name the loopback instead.
const urlHost = (host: string): string => (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host);

/**
 * Starts the Microsoft-cloud simulator: an Entra-like identity provider and a Defender-like API over one router,
 * served on HTTP and/or HTTPS. Rejects if a port is taken or the certificate cannot be written.
 */
export async function createSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? "127.0.0.1";
  const clientId = opts.clientId ?? "00000000-0000-0000-0000-00000000a11e";
  const clientSecret = opts.clientSecret ?? "simulator-secret";
  const gatewayAppId = opts.gatewayAppId ?? "api://mssp-alert-gateway";
  const msspTenantId = opts.msspTenantId ?? DEFAULT_MSSP_TENANT_ID;
  const httpPort = opts.httpPort === undefined ? 0 : opts.httpPort;
  const httpsPort = opts.httpsPort === undefined ? 0 : opts.httpsPort;
  if (httpPort === null && httpsPort === null) throw new Error("expected at least one of httpPort and httpsPort, but both are null");

  const world = createWorld({
    seed: opts.seed ?? 42,
    epochMs: opts.epochMs ?? Date.now(),
    tenantCount: opts.tenantCount ?? 3,
    alertsPerTenant: opts.alertsPerTenant ?? 40,
    machinesPerTenant: opts.machinesPerTenant ?? 15,
    xdrAlertsPerTenant: opts.xdrAlertsPerTenant ?? Math.round((opts.alertsPerTenant ?? 40) / 4),
    limits: opts.limits ?? { ...DEFENDER_LIMITS },
    // Graph documents no hourly limit; the budget needs one, so it is out of reach.
    graphLimits: opts.graphLimits ?? { perMinute: GRAPH_LIMITS.perMinute, perHour: 1_000_000 },
  });
  const partnerApps = (opts.partnerApps ?? DEMO_PARTNER_APPS).map((a) => ({ ...a, roles: [...a.roles] }));
  const issuer = await createTokenIssuer();
  const control = createControl({ world, issuer, clientId, generateIntervalMs: opts.generateIntervalMs ?? 0 });
  let closed = false;
  const isClosed = (): boolean => closed;

  // Ports are known only after listen, but routes need the issuer URL: fill these in before the first request.
  const urls = { http: null as string | null, https: null as string | null };
  const base = (): string => (opts.publicUrl?.replace(/\/$/, "") ?? urls.http ?? urls.https) as string;
  const userTokenIssuer = (): string => `${base()}/${msspTenantId}/v2.0`;

  const mintUserToken: Simulator["mintUserToken"] = async ({
    user,
    groups = [],
    roles = [],
    expiresInSec = 3600,
    groupOverage = false,
  }) => {
    const oid = demoUserId(user);
    const groupClaims = groupOverage
      ? {
          _claim_names: { groups: "src1" },
          _claim_sources: { src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${oid}/getMemberObjects` } },
        }
      : { groups };
    return issuer.sign(
      {
        iss: userTokenIssuer(),
        aud: gatewayAppId,
        tid: msspTenantId,
        oid,
        sub: oid,
        name: displayName(user),
        preferred_username: `${user}@mssp.example`,
        ...groupClaims,
        roles,
        azp: clientId,
        scp: "access_as_user",
        ver: "2.0",
      },
      expiresInSec,
    );
  };
  const mintAppToken: Simulator["mintAppToken"] = async ({ appId, roles = [], expiresInSec = APP_TOKEN_LIFETIME_SEC }) =>
    issuer.sign(
      {
        iss: userTokenIssuer(),
        aud: gatewayAppId,
        tid: msspTenantId,
        sub: appId,
        azp: appId,
        appid: appId,
        idtyp: "app",
        roles,
        ver: "2.0",
      },
      expiresInSec,
    );

  const router = createRouter();
  mountIdentityRoutes(router, {
    world,
    issuer,
    msspTenantId,
    clientId,
    clientSecret,
    gatewayAppId,
    partnerApps,
    mintUserToken,
    mintAppToken,
    isClosed,
  });
  mountDefenderRoutes(router, { world, issuer, isClosed });
  mountGraphRoutes(router, { world, issuer, isClosed, pageSize: opts.graphPageSize ?? null });
  mountControlRoutes(router, control, () => ({
    httpUrl: urls.http,
    httpsUrl: urls.https,
    msspTenantId,
    clientId,
    gatewayAppId,
    userTokenIssuer: userTokenIssuer(),
    jwksUrl: `${base()}/${msspTenantId}/discovery/v2.0/keys`,
    graphUrl: `${base()}/v1.0`,
    partnerApps,
    tenants: world.tenants.map((s) => s.tenant),
  }));

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    router
      .handle(req, res)
      .then((matched) => {
        if (matched) return;
        if (/^\/v1\.0(\/|$)/i.test(req.url ?? "")) {
          const answer = graphNotFound(new URL(req.url ?? "/", "http://x").pathname);
          return sendJson(res, answer.status, answer.body, answer.headers);
        }
        sendDefenderError(res, 404, "NotFound", `No route for ${req.method} ${req.url}`);
      })
      .catch((err: unknown) => {
        const status = (err as { status?: number }).status ?? 500;
        sendDefenderError(res, status, status === 413 ? "BadRequest" : "InternalServerError", (err as Error).message);
      });
  };

  const servers: Server[] = [];
  let tls: Awaited<ReturnType<typeof ensureTlsMaterial>> | null = null;
  try {
    if (httpPort !== null) {
      const server = createHttpServer(handler);
      servers.push(server);
      urls.http = `http://${urlHost(host)}:${await listen(server, httpPort, host)}`;
    }
    if (httpsPort !== null) {
      tls = await ensureTlsMaterial(opts.certDir ?? join(tmpdir(), `mssp-sim-certs-${process.pid}`));
      const server = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handler);
      servers.push(server);
      urls.https = `https://${urlHost(host)}:${await listen(server, httpsPort, host)}`;
    }
  } catch (err) {
    control.close();
    await Promise.all(servers.map(closeServer));
    throw err;
  }

  return {
    httpUrl: urls.http,
    httpsUrl: urls.https,
    graphUrl: `${(urls.http ?? urls.https) as string}/v1.0`,
    partnerApps: partnerApps.map((a) => ({ ...a, roles: [...a.roles] })),
    caCertPath: tls?.certPath ?? null,
    caCertPem: tls?.certPem ?? null,
    tenants: world.tenants.map((s) => ({ ...s.tenant })),
    msspTenantId,
    clientId,
    clientSecret,
    gatewayAppId,
    userTokenIssuer: userTokenIssuer(),
    jwksUrl: `${base()}/${msspTenantId}/discovery/v2.0/keys`,
    mintUserToken,
    mintAppToken,
    control,
    async close() {
      if (closed) return;
      closed = true;
      control.close();
      for (const s of world.tenants) releaseHung(s);
      await Promise.all(servers.map(closeServer));
    },
  };
}
