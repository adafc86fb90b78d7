import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { remoteEnvFor, startGatewayProcess } from "../helpers/gateway.js";

/** A module hook in the real gateway process records every src/simulator module it resolves. */
const HOOKS = ["--import", new URL("./register-hooks.mjs", import.meta.url).pathname];

async function simulatorModulesLoaded(env: Record<string, string>): Promise<string[]> {
  const log = join(mkdtempSync(join(tmpdir(), "gw-modules-")), "loaded.txt");
  const gw = await startGatewayProcess({ ...env, GW_LOADED_LOG: log }, 240_000, HOOKS);
  expect(await gw.kill("SIGTERM")).toBe(0);
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [];
}

describe("the simulator is loaded only in embedded mode", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ tenantCount: 1, alertsPerTenant: 1, seed: 3 });
  });
  afterAll(() => sim?.close());

  it("embedded: the hook sees the simulator's modules (the check works)", async () => {
    const loaded = await simulatorModulesLoaded({});
    expect(loaded.some((url) => url.endsWith("/src/simulator/index.ts"))).toBe(true);
  }, 400_000);

  it("remote: no module under src/simulator is ever resolved", async () => {
    expect(await simulatorModulesLoaded(remoteEnvFor(sim, []))).toEqual([]);
  }, 400_000);
});
