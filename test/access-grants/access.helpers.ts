import { expect } from "vitest";
import type { TestGateway } from "../helpers/gateway.js";
import { ok } from "../helpers/operations.js";
import {
  AccessGrantsDocument,
  ApproveAccessDocument,
  DenyAccessDocument,
  RequestAccessDocument,
  RevokeAccessDocument,
  SetAccessGrantPolicyDocument,
  TenantIdsDocument,
  type RequestAccessInput,
  type TenantRole,
} from "../generated/graphql.js";

/**
 * Shared helpers of the access-grant black-box tests, also meant for other suites (subscriptions, pull
 * feed, notifications) that need to give or take a grant, or to prove that nothing of a foreign tenant
 * leaks: see {@link isolationWorld} and {@link assertNoLeak}.
 */

/** The operations of schema/operations/*.graphql as codegen typed documents: variables and results are typed. */
export const OPS = {
  accessGrants: AccessGrantsDocument,
  requestAccess: RequestAccessDocument,
  approveAccess: ApproveAccessDocument,
  denyAccess: DenyAccessDocument,
  revokeAccess: RevokeAccessDocument,
  setPolicy: SetAccessGrantPolicyDocument,
} as const;

/** Who a call is made as: a demo user name (token minted and cached by the gateway helper) or a raw token. */
export type Caller = { user: string } | { token: string };

/** A token for a gateway admin (app role `Gateway.Admin`). */
export const adminToken = (gw: TestGateway, user = "root") => gw.token(user, { roles: ["Gateway.Admin"] });

/** Requests `role` on `tenantId` as `as` (default: for itself) and returns the PENDING grant's id. */
export async function requestAccess(
  gw: TestGateway,
  as: Caller,
  input: Omit<RequestAccessInput, "justification"> & { justification?: string },
): Promise<string> {
  const res = await gw.gql(OPS.requestAccess, { input: { justification: "test", ...input } }, as);
  return ok(res).requestAccess.id;
}

/**
 * Requests and approves a grant in one go (approver: carol, APPROVER everywhere in the embedded demo).
 * The calling replica applies it at once; other replicas within the grant source's cache time (≤ 2 s).
 */
export async function grantAccess(
  gw: TestGateway,
  user: string,
  tenantId: string,
  role: TenantRole = "TIER1_ANALYST",
  approver: Caller = { user: "carol" },
): Promise<string> {
  const id = await requestAccess(gw, { user }, { tenantId, role });
  ok(await gw.gql(OPS.approveAccess, { id }, approver));
  return id;
}

/** Revokes a grant (default: by carol). */
export async function revokeAccess(gw: TestGateway, id: string, by: Caller = { user: "carol" }, reason = "test over"): Promise<void> {
  ok(await gw.gql(OPS.revokeAccess, { id, reason }, by));
}

/** Tenant ids a caller can read alerts of, as the API shows them. */
export async function readableTenants(gw: TestGateway, as: Caller): Promise<string[]> {
  const data = ok(await gw.gql(TenantIdsDocument, {}, as));
  return data.tenants.map((t) => t.id).sort();
}

export interface IsolationWorld {
  /** Tenant the probing user holds a role on (bob: TIER1 on the first demo tenant). */
  ownTenant: { id: string; name: string };
  /** Tenants the probing user holds nothing on. */
  foreignTenants: { id: string; name: string }[];
}

/** The embedded demo seen by bob: his tenant and the ones he must never reach (mallory has none at all). */
export function isolationWorld(gw: TestGateway): IsolationWorld {
  const [own, ...foreign] = gw.app.registry.list();
  if (!own || foreign.length === 0) throw new Error("isolationWorld needs SIM_TENANTS ≥ 2");
  return { ownTenant: { id: own.id, name: own.name }, foreignTenants: foreign.map((t) => ({ id: t.id, name: t.name })) };
}

/**
 * Asserts that a response (data, errors, extensions) names no foreign tenant: never its name, and its id
 * only when the caller itself sent that id (`sent`: the query text and variables of the request).
 */
export function assertNoLeak(world: IsolationWorld, body: unknown, sent: string): void {
  const text = JSON.stringify(body);
  for (const t of world.foreignTenants) {
    expect(text, `response leaks the name of tenant ${t.id}`).not.toContain(t.name);
  }
  const leakedIds = world.foreignTenants.filter((t) => !sent.includes(t.id) && text.includes(t.id)).map((t) => t.id);
  expect(leakedIds, "response leaks ids of foreign tenants the caller did not send").toEqual([]);
}
