import { describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal.js";
import { buildAccessScope, type ActiveGrant } from "../../auth/roles.js";
import { ErrorCode } from "../../errors/errors.js";
import { StoreUnavailableError } from "../../store/store-unavailable.js";
import type { BatchResult } from "../../upstream/upstream.types.js";
import { newUpstreamError } from "../../upstream/upstream.errors.js";
import { runBulk, type BulkKind } from "./triage.runner.js";

interface Item {
  tenantId: string;
  id: string;
  status: string;
  comments: string[];
}
interface Patch {
  status?: string;
  comment?: string;
}

const analyst: Principal = {
  userId: "u1",
  appId: "app",
  displayName: "Dana",
  username: "dana@mssp.example",
  groups: [],
  groupsComplete: true,
  appRoles: [],
  isAdmin: false,
  expiresAt: 0,
  issuerTenantId: null,
};
const grant = (tenantId: string, role: ActiveGrant["role"]): ActiveGrant => ({ tenantId, subject: { kind: "USER", id: "u1" }, role });
// w1, w2, slow: TIER2; ro: TIER1; hidden: nothing
const scope = buildAccessScope(analyst, [
  grant("w1", "TIER2_ANALYST"),
  grant("w2", "TIER2_ANALYST"),
  grant("slow", "TIER2_ANALYST"),
  grant("ro", "TIER1_ANALYST"),
]);

/** An index and an upstream of `Item`s; `upstream[tenant]` answers a send (default: apply the patch). */
function world(upstream: Record<string, (ids: readonly string[], patch: Patch) => Promise<BatchResult<Item>[]>> = {}) {
  const index = new Map<string, Item>();
  for (const tenantId of ["w1", "w2", "slow", "ro", "hidden"])
    for (let i = 0; i < 5; i++) index.set(`${tenantId}/x${i}`, { tenantId, id: `x${i}`, status: "NEW", comments: [] });
  const sends: { tenantId: string; ids: string[]; patch: Patch }[] = [];
  const recorded: { tenantId: string; ids: string[] }[] = [];
  const lookedUp: string[] = [];
  let failRecord = false;
  const apply = (tenantId: string, ids: readonly string[], patch: Patch): BatchResult<Item>[] =>
    ids.map((id) => {
      const cur = index.get(`${tenantId}/${id}`);
      if (!cur || id === "gone") return null;
      return {
        ...cur,
        status: patch.status ?? cur.status,
        comments: patch.comment ? [...cur.comments, patch.comment] : cur.comments,
      };
    });
  const kind: BulkKind<Item, Item, Item, Patch> = {
    noun: "alert",
    getMany: (keys) => {
      lookedUp.push(...keys.map((k) => `${k.tenantId}/${k.id}`));
      return Promise.resolve(keys.map((k) => index.get(`${k.tenantId}/${k.id}`) ?? null));
    },
    model: (s) => s,
    remaining: (cur, p) => {
      const fields = p.status === undefined || cur.status === p.status;
      const comment = p.comment === undefined || cur.comments.includes(p.comment);
      return fields && comment ? null : comment ? { status: p.status } : p;
    },
    send: async (tenantId, ids, patch) => {
      sends.push({ tenantId, ids: [...ids], patch });
      return upstream[tenantId] ? upstream[tenantId](ids, patch) : apply(tenantId, ids, patch);
    },
    record: (tenantId, items) => {
      if (failRecord) return Promise.reject(new StoreUnavailableError());
      recorded.push({ tenantId, ids: items.map((i) => i.id) });
      for (const i of items) index.set(`${tenantId}/${i.id}`, i);
      return Promise.resolve();
    },
    wrap: (_tenantId, item) => item,
    view: (s) => s,
  };
  const logged: unknown[] = [];
  const deps = { logError: (err: unknown) => void logged.push(err) };
  return { index, kind, sends, recorded, lookedUp, logged, deps, apply, failRecord: () => (failRecord = true) };
}

const keys = (...ks: string[]) => ks.map((k) => ({ tenantId: k.split("/")[0], id: k.split("/")[1] }));
const codes = (r: { failed: { tenantId: string; id: string; code: string }[] }) => r.failed.map((f) => `${f.tenantId}/${f.id} ${f.code}`);

describe("runBulk", () => {
  it("decides from the index first: NOT_FOUND (unknown or unreadable, alike), FORBIDDEN (read-only), nothing sent for either", async () => {
    const w = world();
    const r = await runBulk(w.kind, scope, keys("w1/x0", "w1/nope", "hidden/x0", "ro/x0", "w2/x1"), { status: "RESOLVED" }, w.deps);
    expect(r.succeeded.map((i) => `${i.tenantId}/${i.id} ${i.status}`)).toEqual(["w1/x0 RESOLVED", "w2/x1 RESOLVED"]);
    expect(codes(r)).toEqual(["w1/nope NOT_FOUND", "hidden/x0 NOT_FOUND", "ro/x0 FORBIDDEN"]);
    expect(r.failed[0].message).toBe("alert nope was not found in tenant w1");
    expect(r.failed[1].message).toBe("alert x0 was not found in tenant hidden");
    expect(w.sends.map((s) => s.tenantId).sort()).toEqual(["w1", "w2"]);
    expect(w.lookedUp).not.toContain("hidden/x0"); // a tenant the caller may not read is not even looked up
  });

  it("sends one batch per tenant and patch still needed; an item already as asked is succeeded without a send", async () => {
    const w = world();
    w.index.set("w1/x1", { tenantId: "w1", id: "x1", status: "RESOLVED", comments: ["[Dana] ok"] });
    w.index.set("w1/x2", { tenantId: "w1", id: "x2", status: "NEW", comments: ["[Dana] ok"] });
    const r = await runBulk(w.kind, scope, keys("w1/x0", "w1/x1", "w1/x2", "w1/x3"), { status: "RESOLVED", comment: "[Dana] ok" }, w.deps);
    expect(r.failed).toEqual([]);
    expect(r.succeeded.map((i) => i.id)).toEqual(["x0", "x1", "x2", "x3"]);
    expect(w.sends).toEqual([
      { tenantId: "w1", ids: ["x0", "x3"], patch: { status: "RESOLVED", comment: "[Dana] ok" } },
      { tenantId: "w1", ids: ["x2"], patch: { status: "RESOLVED" } },
    ]);
    expect(r.succeeded.every((i) => i.comments.filter((c) => c === "[Dana] ok").length === 1)).toBe(true);
    // the same call again: all four hold, nothing is sent
    w.sends.length = 0;
    const again = await runBulk(
      w.kind,
      scope,
      keys("w1/x0", "w1/x1", "w1/x2", "w1/x3"),
      { status: "RESOLVED", comment: "[Dana] ok" },
      w.deps,
    );
    expect(again.succeeded).toHaveLength(4);
    expect(w.sends).toEqual([]);
  });

  it("maps upstream outcomes per item: null is NOT_FOUND, an error keeps its code and retryAfterSeconds, a thrown send fails its tenant only", async () => {
    const w = world({
      w1: (ids) =>
        Promise.resolve(
          ids.map((id) =>
            id === "x1"
              ? null
              : id === "x2"
                ? newUpstreamError(ErrorCode.UPSTREAM_THROTTLED, "budget spent", "w1", { retryAfterMs: 4_200 })
                : w.apply("w1", [id], { status: "IN_PROGRESS" })[0],
          ),
        ),
      w2: () => Promise.reject(newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, "breaker open", "w2")),
    });
    const r = await runBulk(w.kind, scope, keys("w1/x0", "w1/x1", "w1/x2", "w2/x0", "w2/x1"), { status: "IN_PROGRESS" }, w.deps);
    expect(r.succeeded.map((i) => `${i.tenantId}/${i.id}`)).toEqual(["w1/x0"]);
    expect(r.failed).toEqual([
      { tenantId: "w1", id: "x1", code: "NOT_FOUND", message: "alert x1 was not found upstream in tenant w1", retryAfterSeconds: null },
      { tenantId: "w1", id: "x2", code: "UPSTREAM_THROTTLED", message: "budget spent", retryAfterSeconds: 5 },
      { tenantId: "w2", id: "x0", code: "UPSTREAM_UNAVAILABLE", message: "breaker open", retryAfterSeconds: null },
      { tenantId: "w2", id: "x1", code: "UPSTREAM_UNAVAILABLE", message: "breaker open", retryAfterSeconds: null },
    ]);
    expect(w.recorded).toEqual([{ tenantId: "w1", ids: ["x0"] }]);
  });

  it("runs tenants in parallel: a slow tenant's items wait for it alone; the others are recorded before it answers", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = world({
      slow: async (ids, patch) => {
        await gate;
        return w.apply("slow", ids, patch);
      },
    });
    const run = runBulk(w.kind, scope, keys("slow/x0", "w1/x0", "w2/x0"), { status: "RESOLVED" }, w.deps);
    await expect.poll(() => w.recorded.map((x) => x.tenantId).sort()).toEqual(["w1", "w2"]);
    release();
    const r = await run;
    expect(r.succeeded.map((i) => i.tenantId)).toEqual(["slow", "w1", "w2"]);
  });

  it("a store that does not take the change reports SERVICE_UNAVAILABLE; an unexpected error is logged, never shown", async () => {
    const w = world({ w2: () => Promise.reject(new TypeError("secret internals")) });
    w.failRecord();
    const r = await runBulk(w.kind, scope, keys("w1/x0", "w2/x0"), { status: "RESOLVED" }, w.deps);
    expect(codes(r)).toEqual(["w1/x0 SERVICE_UNAVAILABLE", "w2/x0 INTERNAL_SERVER_ERROR"]);
    expect(r.failed[1].message).not.toContain("secret");
    expect(w.logged).toHaveLength(1);
  });
});
