import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory.store.js";
import { createStore } from "../../src/store/store.js";
import { VersionConflictError } from "../../src/store/store.errors.js";
import { describeIncidentContract } from "./incident.contract.js";
import { describeIndicatorContract } from "./indicator.contract.js";
import { describeStoreContract, type MakeStore } from "./store.contract.js";

const makeMemory: MakeStore = (opts = {}) => {
  const store = createMemoryStore(opts);
  // One process, one memory: a "second replica" is the same store.
  return Promise.resolve({ store, twin: () => Promise.resolve(store) });
};
describeStoreContract("memory", makeMemory);
describeIncidentContract("memory", makeMemory);
describeIndicatorContract("memory", makeMemory);

describe("memory store: documents persist to the data file", () => {
  const tmpFile = () => join(mkdtempSync(join(tmpdir(), "gw-store-")), "nested", "state.json");

  it("survive re-creation from the same file (versions included); index and log are not persisted", async () => {
    const file = tmpFile();
    const a = createMemoryStore({ dataFile: file });
    await a.documents.put("rules", "r1", { name: "High only" });
    await a.documents.put("rules", "r1", { name: "High and Medium" }, 1);
    await a.documents.put("grants", "g1", { role: "TIER1_ANALYST" });
    await a.documents.put("grants", "g2", { role: "APPROVER" });
    expect(await a.documents.delete("grants", "g2")).toBe(true);
    await a.events.append({ kind: "CREATED", tenantId: "t", alertId: "a", alert: {} as never });
    await a.close();

    const b = createMemoryStore({ dataFile: file });
    expect(await b.documents.get("rules", "r1")).toEqual({ value: { name: "High and Medium" }, version: 2 });
    expect((await b.documents.list("grants")).map((d) => d.value)).toEqual([{ role: "TIER1_ANALYST" }]);
    await expect(b.documents.put("rules", "r1", { name: "stale" }, 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await b.events.latestCursor()).toBeNull();
    // the file is complete JSON after every write (tmp file + rename)
    expect(() => JSON.parse(readFileSync(file, "utf8"))).not.toThrow();
  });

  it("refuses to start on a corrupt data file instead of overwriting it", () => {
    const file = tmpFile().replace("nested", ".");
    writeFileSync(file, "{ not json");
    expect(() => createMemoryStore({ dataFile: file })).toThrow();
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });

  it("createStore picks memory without a Redis URL", async () => {
    const s = await createStore({ redis: null, dataFile: null });
    expect(s.kind).toBe("memory");
    expect(await s.ping()).toBe(true);
    await s.close();
  });
});
