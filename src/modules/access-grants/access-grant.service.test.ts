import { describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal.js";
import { buildAccessScope, type AccessScope } from "../../auth/roles.js";
import type { GrantSeed } from "./access-grant.record.js";
import { VersionConflictError } from "../../store/store.errors.js";
import type { DocumentStore, Versioned } from "../../store/store.types.js";
import { GRANTS_COLLECTION, OPEN_KEYS_COLLECTION, openKey, type GrantRecord } from "./access-grant.record.js";
import { createAccessGrantService } from "./access-grant.service.js";
import { createAccessGrantSource } from "./access-grant.source.js";

/** Minimal DocumentStore with the CAS contract of the real ones; `gate` lets a test interleave two writers. */
function fakeDocuments(): DocumentStore & { gate?: () => Promise<void> } {
  const data = new Map<string, Versioned<unknown>>();
  const k = (c: string, id: string) => `${c}\u0000${id}`;
  const self: DocumentStore & { gate?: () => Promise<void> } = {
    async get<T>(c: string, id: string) {
      const v = data.get(k(c, id));
      return v ? (structuredClone(v) as Versioned<T>) : null;
    },
    async list<T>(c: string) {
      return [...data.entries()].filter(([key]) => key.startsWith(`${c}\u0000`)).map(([, v]) => structuredClone(v) as Versioned<T>);
    },
    async put<T>(c: string, id: string, value: T, expectedVersion?: number) {
      await self.gate?.();
      const cur = data.get(k(c, id));
      if (expectedVersion !== undefined && (cur?.version ?? 0) !== expectedVersion)
        throw new VersionConflictError(c, id, expectedVersion, cur?.version ?? 0);
      const version = (cur?.version ?? 0) + 1;
      data.set(k(c, id), { value: structuredClone(value), version });
      return version;
    },
    async delete(c: string, id: string) {
      return data.delete(k(c, id));
    },
    async claim() {
      return true;
    },
  };
  return self;
}

const user = (name: string, extra: Partial<Principal> = {}): Principal => ({
  userId: `oid-${name}`,
  appId: "client",
  displayName: name,
  username: `${name}@mssp.example`,
  groups: [],
  groupsComplete: true,
  appRoles: [],
  isAdmin: false,
  expiresAt: 0,
  issuerTenantId: null,
  ...extra,
});
const admin = (name: string) => user(name, { isAdmin: true, appRoles: ["Gateway.Admin"] });

const T1 = "tenant-1";
const T2 = "tenant-2";
const DAY = 86_400_000;

function setup(seeds: GrantSeed[] = [{ tenantId: "*", subject: { kind: "USER", id: "oid-carol" }, role: "APPROVER" }]) {
  let clock = Date.parse("2025-01-01T00:00:00Z");
  const documents = fakeDocuments();
  const source = createAccessGrantSource({ documents, seeds, tenantIds: () => [T1, T2], cacheTtlMs: 0, now: () => clock });
  let n = 0;
  const service = createAccessGrantService({
    documents,
    source,
    tenantExists: (id) => id === T1 || id === T2,
    defaultTtlMs: 365 * DAY,
    now: () => clock,
    newId: () => `g${++n}`,
  });
  const scope = async (p: Principal): Promise<AccessScope> => buildAccessScope(p, await source.activeGrants());
  return { documents, source, service, scope, advance: (ms: number) => (clock += ms), now: () => clock };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { extensions?: { code?: string } }).extensions?.code ?? String(e);
  }
  return "OK";
};

describe("access grant service", () => {
  it("walks request → approve → active → revoke, with an audit trail", async () => {
    const { service, scope } = setup();
    const bob = user("bob");
    const g = await service.request(await scope(bob), { tenantId: T1, role: "TIER1_ANALYST", justification: "  on call  " });
    expect(g).toMatchObject({
      status: "PENDING",
      subject: { kind: "USER", id: "oid-bob" },
      justification: "on call",
      requestedBy: { id: "oid-bob" },
    });
    expect((await scope(bob)).roles.has(T1)).toBe(false);

    const approved = await service.approve(await scope(user("carol")), g.id);
    expect(approved.status).toBe("APPROVED");
    expect(approved.expiresAt!.getTime() - approved.decidedAt!.getTime()).toBe(365 * DAY);
    expect((await scope(bob)).roles.get(T1)).toEqual(new Set(["TIER1_ANALYST"]));

    const revoked = await service.revoke(await scope(bob), g.id, "done");
    expect(revoked.status).toBe("REVOKED");
    expect((await scope(bob)).roles.has(T1)).toBe(false);
    expect(revoked.history.map((h) => [h.from, h.to, h.by.id, h.reason])).toEqual([
      [null, "PENDING", "oid-bob", "on call"],
      ["PENDING", "APPROVED", "oid-carol", null],
      ["APPROVED", "REVOKED", "oid-bob", "done"],
    ]);
  });

  it("expires on the tenant's policy, stops authorizing, and persists EXPIRED lazily", async () => {
    const { service, scope, advance, documents } = setup();
    await service.setPolicy(await scope(admin("ada")), T1, 60);
    const g = await service.request(await scope(user("bob")), { tenantId: T1, role: "TIER2_ANALYST", justification: "x" });
    await service.approve(await scope(user("carol")), g.id);
    advance(59_000);
    expect((await scope(user("bob"))).roles.has(T1)).toBe(true);
    advance(1_000);
    expect((await scope(user("bob"))).roles.has(T1)).toBe(false);
    expect((await documents.get<GrantRecord>(GRANTS_COLLECTION, g.id))!.value.status).toBe("APPROVED");
    const [listed] = await service.list(await scope(user("bob")), { status: "EXPIRED" });
    expect(listed).toMatchObject({ id: g.id, status: "EXPIRED" });
    expect(listed.history.at(-1)).toMatchObject({ from: "APPROVED", to: "EXPIRED", by: { id: "system" }, at: listed.expiresAt });
    expect((await documents.get<GrantRecord>(GRANTS_COLLECTION, g.id))!.value.status).toBe("EXPIRED");
    expect(await code(service.revoke(await scope(user("carol")), g.id))).toBe("CONFLICT");
    // a new request is allowed once the old grant expired
    expect(await code(service.request(await scope(user("bob")), { tenantId: T1, role: "TIER2_ANALYST", justification: "again" }))).toBe(
      "OK",
    );
  });

  it("refuses deciding your own request, even as admin or approver", async () => {
    const { service, scope } = setup();
    const carolReq = await service.request(await scope(user("carol")), { tenantId: T1, role: "TIER1_ANALYST", justification: "x" });
    expect(await code(service.approve(await scope(user("carol")), carolReq.id))).toBe("FORBIDDEN");
    const ada = admin("ada");
    const adaReq = await service.request(await scope(ada), { tenantId: T1, role: "TIER2_ANALYST", justification: "x" });
    expect(await code(service.approve(await scope(ada), adaReq.id))).toBe("FORBIDDEN");
    expect(await code(service.deny(await scope(ada), adaReq.id))).toBe("FORBIDDEN");
    // an admin's request for a group the decider belongs to is also "their own"
    const grp = await service.request(await scope(ada), {
      tenantId: T1,
      role: "TIER1_ANALYST",
      justification: "x",
      subject: { kind: "GROUP", id: "soc" },
    });
    expect(await code(service.approve(await scope(user("carol", { groups: ["soc"] })), grp.id))).toBe("FORBIDDEN");
    expect(await code(service.approve(await scope(user("carol")), grp.id))).toBe("OK");
  });

  it("only admins request for others; non-deciders cannot decide; invisible grants are NOT_FOUND", async () => {
    const { service, scope } = setup();
    const bob = await scope(user("bob"));
    expect(
      await code(
        service.request(bob, { tenantId: T1, role: "APPROVER", justification: "x", subject: { kind: "USER", id: "oid-mallory" } }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await code(service.request(bob, { tenantId: T1, role: "APPROVER", justification: "x", subject: { kind: "USER", id: "oid-bob" } })),
    ).toBe("OK");
    const forApp = await service.request(await scope(admin("ada")), {
      tenantId: T2,
      role: "TIER1_ANALYST",
      justification: "SIEM",
      subject: { kind: "APP", id: "siem-app" },
    });
    expect(forApp.subject).toEqual({ kind: "APP", id: "siem-app", displayName: null });
    expect(await code(service.approve(bob, forApp.id))).toBe("NOT_FOUND");
    expect(await service.get(bob, forApp.id)).toBeNull();
    const own = await service.request(await scope(user("dave")), { tenantId: T2, role: "TIER1_ANALYST", justification: "x" });
    expect(await code(service.approve(await scope(user("dave")), own.id))).toBe("FORBIDDEN");
  });

  it("validates justification, reasons, tenant, duplicates and seeds", async () => {
    const { service, scope } = setup([
      { tenantId: "*", subject: { kind: "USER", id: "oid-carol" }, role: "APPROVER" },
      { tenantId: T1, subject: { kind: "USER", id: "oid-bob" }, role: "TIER1_ANALYST" },
    ]);
    const bob = await scope(user("bob"));
    expect(await code(service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "   " }))).toBe("BAD_USER_INPUT");
    expect(await code(service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "x".repeat(1001) }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(await code(service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "x".repeat(1000) }))).toBe("OK");
    expect(await code(service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "again" }))).toBe("CONFLICT");
    expect(await code(service.request(bob, { tenantId: "nope", role: "TIER1_ANALYST", justification: "x" }))).toBe("NOT_FOUND");
    expect(await code(service.request(bob, { tenantId: T1, role: "TIER1_ANALYST", justification: "x" }))).toBe("CONFLICT");
    const [seed] = await service.list(bob, { tenantId: T1 });
    expect(seed).toMatchObject({ origin: "CONFIG", status: "APPROVED", requestedBy: { id: "config" }, expiresAt: null });
    expect(await code(service.revoke(await scope(user("carol")), seed.id))).toBe("BAD_USER_INPUT");
    const pending = (await service.list(bob, { status: "PENDING" }))[0];
    expect(await code(service.deny(await scope(user("carol")), pending.id, "y".repeat(1001)))).toBe("BAD_USER_INPUT");
  });

  it("lets exactly one of two concurrent decisions win", async () => {
    const { service, scope, documents } = setup([
      { tenantId: "*", subject: { kind: "USER", id: "oid-carol" }, role: "APPROVER" },
      { tenantId: "*", subject: { kind: "USER", id: "oid-erin" }, role: "APPROVER" },
    ]);
    const g = await service.request(await scope(user("bob")), { tenantId: T1, role: "TIER1_ANALYST", justification: "x" });
    const [carol, erin] = [await scope(user("carol")), await scope(user("erin"))];
    // both read version 1 before either writes
    let release!: () => void;
    const both = new Promise<void>((r) => (release = r));
    let waiting = 0;
    documents.gate = async () => {
      if (++waiting === 2) release();
      await both;
    };
    const results = await Promise.allSettled([service.approve(carol, g.id), service.deny(erin, g.id, "no")]);
    documents.gate = undefined;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason.extensions.code).toBe("CONFLICT");
    expect(lost.reason.message).toMatch(/is now (APPROVED|DENIED)/);
  });

  it("lets exactly one of two concurrent duplicate requests through", async () => {
    const { service, scope, documents } = setup();
    const bob = await scope(user("bob"));
    let release!: () => void;
    const both = new Promise<void>((r) => (release = r));
    let waiting = 0;
    documents.gate = async () => {
      if (++waiting === 2) release();
      if (waiting <= 2) await both;
    };
    const results = await Promise.allSettled(
      [0, 1].map(() => service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "x" })),
    );
    documents.gate = undefined;
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await service.list(bob, { tenantId: T2 })).toHaveLength(1);
  });

  it("refuses a second request made while the first one's record is still being written (its pointer is set)", async () => {
    const { service, scope, documents } = setup();
    const bob = await scope(user("bob"));
    // The first request's puts: its open pointer (1st) goes through, its grant record (2nd) waits.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atRecord = new Promise<void>((r) => (reached = r));
    let puts = 0;
    documents.gate = async () => {
      if (++puts !== 2) return;
      reached();
      await held;
    };
    const first = service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "x" });
    await atRecord;
    expect(await code(service.request(bob, { tenantId: T2, role: "TIER1_ANALYST", justification: "y" }))).toBe("CONFLICT");
    release();
    await first;
    documents.gate = undefined;
    expect(await service.list(bob, { tenantId: T2 })).toHaveLength(1);
    // A pointer whose record never came (its writer died in between) does not block requests for ever.
    const { service: s2, scope: scope2, documents: d2, advance: advance2 } = setup();
    const dave = await scope2(user("dave"));
    const key = openKey({ tenantId: T1, subject: { kind: "USER", id: "oid-dave", displayName: null }, role: "TIER1_ANALYST" });
    await d2.put(OPEN_KEYS_COLLECTION, key, { grantId: "gone", at: "2025-01-01T00:00:00.000Z" });
    advance2(60_000);
    expect(await code(s2.request(dave, { tenantId: T1, role: "TIER1_ANALYST", justification: "z" }))).toBe("OK");
  });

  it("shows callers their own grants, approvers their tenants', admins everything", async () => {
    const { service, scope } = setup([{ tenantId: T1, subject: { kind: "USER", id: "oid-carol" }, role: "APPROVER" }]);
    const a = await service.request(await scope(user("bob")), { tenantId: T1, role: "TIER1_ANALYST", justification: "x" });
    const b = await service.request(await scope(user("dave")), { tenantId: T2, role: "TIER1_ANALYST", justification: "x" });
    const ids = async (p: Principal, f = {}) => (await service.list(await scope(p), f)).map((g) => g.id).sort();
    expect(await ids(user("bob"))).toEqual([a.id]);
    expect(await ids(user("dave"))).toEqual([b.id]);
    expect(await ids(user("mallory"))).toEqual([]);
    expect(await ids(user("carol"))).toContain(a.id);
    expect(await ids(user("carol"))).not.toContain(b.id);
    expect(await ids(admin("ada"))).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids(user("bob"), { tenantId: T2 })).toEqual([]);
    expect(await code(service.setPolicy(await scope(user("carol")), T1, 10))).toBe("FORBIDDEN");
    expect(await code(service.setPolicy(await scope(admin("ada")), T1, 0))).toBe("BAD_USER_INPUT");
    expect((await service.setPolicy(await scope(admin("ada")), T1, null)).isDefault).toBe(true);
  });
});
