import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSimulator, demoUserId, type Simulator } from "../../src/simulator/index.js";

const run = promisify(execFile);
let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ alertsPerTenant: 1, machinesPerTenant: 1, httpsPort: null });
});
afterAll(() => sim.close());

const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "src/simulator/token.cli.ts", ...args], { cwd: process.cwd() });

// Each CLI run starts a tsx process, which takes many seconds on a busy shared machine.
const CLI_TIMEOUT_MS = 120_000;

it("prints only the JWT from the simulator's dev token endpoint", { timeout: CLI_TIMEOUT_MS }, async () => {
  const { stdout, stderr } = await cli([
    "--user",
    "carol",
    "--groups",
    "g1,g2",
    "--roles",
    "Gateway.Admin",
    "--expires-in",
    "600",
    "--url",
    `${sim.httpUrl}/_sim/token`,
  ]);
  expect(stderr).toBe("");
  expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(decodeJwt(stdout.trim())).toMatchObject({
    oid: demoUserId("carol"),
    groups: ["g1", "g2"],
    roles: ["Gateway.Admin"],
    preferred_username: "carol@mssp.example",
  });
});

it("exits 1 with a message on stderr when the user is missing or the endpoint fails", { timeout: CLI_TIMEOUT_MS }, async () => {
  await Promise.all([
    expect(cli(["--url", `${sim.httpUrl}/_sim/token`])).rejects.toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringMatching(/--user/),
    }),
    expect(cli(["--user", "x", "--url", `${sim.httpUrl}/nope`])).rejects.toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringMatching(/404/),
    }),
  ]);
});
