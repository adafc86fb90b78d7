import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { applyFaults } from "./fault.injector.js";
import { sendJson, type RequestContext, type Router } from "./http.router.js";
import { GRAPH_AUDIENCE } from "../upstream/graph.types.js";
import { APP_TOKEN_LIFETIME_SEC, DEFENDER_AUDIENCE, defenderTokenClaims, graphTokenClaims, type TokenIssuer } from "./token.issuer.js";
import type { AppTokenRequest, SimPartnerApp, UserTokenRequest } from "./simulator.types.js";
import type { World } from "./world.store.js";

export interface IdentityRoutesDeps {
  world: World;
  issuer: TokenIssuer;
  msspTenantId: string;
  clientId: string;
  clientSecret: string;
  gatewayAppId: string;
  /** Partner apps registered in the MSSP tenant: client credentials for the gateway's audience. */
  partnerApps: readonly SimPartnerApp[];
  mintUserToken(req: UserTokenRequest): Promise<string>;
  mintAppToken(req: AppTokenRequest): Promise<string>;
  isClosed: () => boolean;
}

// Resources a Defender token may be requested for; the second is the curl samples' spelling of the same API.
const DEFENDER_RESOURCES = new Set([
  DEFENDER_AUDIENCE,
  "https://securitycenter.onmicrosoft.com/windowsatpservice",
  "https://api.security.microsoft.com",
]);
// Graph's resource, also spelled with the v1 form's trailing slash (stripped before the lookup).
const GRAPH_RESOURCES = new Set([GRAPH_AUDIENCE, "00000003-0000-0000-c000-000000000000"]);

/** Entra's error body: `{ error, error_description: "AADSTSnnn: …", error_codes, timestamp, trace_id, correlation_id }`. */
export function sendEntraError(res: ServerResponse, status: number, error: string, code: number, message: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ");
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function splitList(raw: string | null): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Mounts discovery, token, JWKS and the dev user-token endpoint. */
export function mountIdentityRoutes(router: Router, deps: IdentityRoutesDeps): void {
  const knownTenant = (tenant: string): boolean =>
    tenant.toLowerCase() === deps.msspTenantId.toLowerCase() || deps.world.find(tenant) !== undefined;

  router.add("GET", "/:tenant/v2.0/.well-known/openid-configuration", ({ res, origin, params }) => {
    const tenant = params["tenant"];
    if (!knownTenant(tenant)) return sendEntraError(res, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
    const base = `${origin}/${tenant}`;
    sendJson(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      claims_supported: [
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "nonce",
        "oid",
        "tid",
        "name",
        "preferred_username",
        "groups",
        "roles",
      ],
      tenant_region_scope: "NA",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    });
  });

  const jwks = ({ res }: RequestContext): void => sendJson(res, 200, deps.issuer.jwks());
  router.add("GET", "/discovery/v2.0/keys", jwks);
  router.add("GET", "/discovery/keys", jwks);
  router.add("GET", "/:tenant/discovery/v2.0/keys", jwks);
  router.add("GET", "/:tenant/discovery/keys", jwks);

  const token =
    (v1: boolean) =>
    async (ctx: RequestContext): Promise<void> => {
      const { res } = ctx;
      const tenant = ctx.params["tenant"];
      const form = new URLSearchParams(await ctx.body());
      let clientId = form.get("client_id");
      let secret = form.get("client_secret");
      const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
      if (basic) {
        const [id, ...rest] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
        clientId ??= decodeURIComponent(id ?? "");
        secret ??= decodeURIComponent(rest.join(":"));
      }
      const isMssp = tenant.toLowerCase() === deps.msspTenantId.toLowerCase();
      const state = deps.world.find(tenant);
      if (!isMssp && !state)
        return sendEntraError(
          res,
          400,
          "invalid_request",
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
        );
      if (state?.faults?.includeTokenEndpoint) {
        const fault = await applyFaults(state, deps.isClosed);
        if (fault.kind === "fail")
          return sendEntraError(res, fault.status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.");
      }
      const grant = form.get("grant_type");
      if (!grant)
        return sendEntraError(res, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
      if (grant !== "client_credentials")
        return sendEntraError(res, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`);
      if (!clientId)
        return sendEntraError(res, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
      // Partner apps live in the MSSP tenant only; the MSSP app also in every consenting customer tenant.
      const partner = isMssp ? deps.partnerApps.find((a) => a.appId === clientId) : undefined;
      if (partner) {
        if (!secret)
          return sendEntraError(
            res,
            401,
            "invalid_client",
            7000216,
            "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
          );
        if (secret !== partner.secret)
          return sendEntraError(
            res,
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
          );
        const wanted = v1 ? (form.get("resource") ?? "").replace(/\/$/, "") : (form.get("scope") ?? "").trim();
        if (wanted !== deps.gatewayAppId && wanted !== `${deps.gatewayAppId}/.default`) {
          return sendEntraError(
            res,
            400,
            "invalid_scope",
            1002012,
            `The provided value for scope ${wanted} is not valid. Partner apps may only request ${deps.gatewayAppId}/.default.`,
          );
        }
        const accessToken = await deps.mintAppToken({ appId: partner.appId, roles: partner.roles });
        return sendJson(
          res,
          200,
          { token_type: "Bearer", expires_in: APP_TOKEN_LIFETIME_SEC, ext_expires_in: APP_TOKEN_LIFETIME_SEC, access_token: accessToken },
          { "cache-control": "no-store, no-cache" },
        );
      }
      if (clientId !== deps.clientId || (state && !state.consented)) {
        return sendEntraError(
          res,
          400,
          "unauthorized_client",
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        );
      }
      if (!secret)
        return sendEntraError(
          res,
          401,
          "invalid_client",
          7000216,
          "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
        );
      if (secret !== deps.clientSecret)
        return sendEntraError(
          res,
          401,
          "invalid_client",
          7000215,
          "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        );

      let resource: string;
      if (v1) {
        resource = (form.get("resource") ?? "").replace(/\/$/, "");
        if (!resource)
          return sendEntraError(res, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'resource'.");
      } else {
        const scope = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
        if (scope.length === 0)
          return sendEntraError(res, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
        const wanted = scope.find((s) => s.endsWith("/.default"));
        if (scope.length !== 1 || !wanted) {
          return sendEntraError(
            res,
            400,
            "invalid_scope",
            1002012,
            `The provided value for scope ${scope.join(" ")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          );
        }
        resource = wanted.slice(0, -"/.default".length);
      }

      let accessToken: string;
      if (state && DEFENDER_RESOURCES.has(resource)) {
        accessToken = await deps.issuer.sign(defenderTokenClaims(state.tenant.id, clientId, state.roles), APP_TOKEN_LIFETIME_SEC);
        state.counters.tokens++;
      } else if (state && GRAPH_RESOURCES.has(resource)) {
        accessToken = await deps.issuer.sign(graphTokenClaims(state.tenant.id, clientId, state.graphRoles), APP_TOKEN_LIFETIME_SEC);
        state.counters.tokens++;
      } else if (isMssp && resource === deps.gatewayAppId) {
        accessToken = await deps.mintAppToken({ appId: clientId });
      } else {
        return sendEntraError(
          res,
          400,
          "invalid_resource",
          500011,
          `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        );
      }
      sendJson(
        res,
        200,
        { token_type: "Bearer", expires_in: APP_TOKEN_LIFETIME_SEC, ext_expires_in: APP_TOKEN_LIFETIME_SEC, access_token: accessToken },
        { "cache-control": "no-store, no-cache" },
      );
    };
  router.add("POST", "/:tenant/oauth2/v2.0/token", token(false));
  router.add("POST", "/:tenant/oauth2/token", token(true));

  // Same query API as the gateway's embedded /dev/token, so the token CLI can point at either.
  router.add("GET", "/_sim/token", async ({ res, url }) => {
    const q = url.searchParams;
    const user = q.get("user")?.trim();
    if (!user) return sendJson(res, 400, { error: { code: "BadRequest", message: "query parameter 'user' is required" } });
    const rawExpiry = q.get("expiresIn") ?? q.get("expires_in") ?? q.get("expiresInSec");
    const expiresInSec = rawExpiry === null ? 3600 : Number(rawExpiry);
    if (!Number.isInteger(expiresInSec))
      return sendJson(res, 400, { error: { code: "BadRequest", message: "'expiresIn' must be an integer number of seconds" } });
    const accessToken = await deps.mintUserToken({
      user,
      groups: splitList(q.get("groups")),
      roles: splitList(q.get("roles")),
      expiresInSec,
    });
    sendJson(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: expiresInSec });
  });
}
