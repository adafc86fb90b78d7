import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGateway } from "./process.helpers.js";

/** Startup failures of the real process: one clear line on stderr each, no stack, exit 2 for bad config and 1 otherwise. */
describe("startup failures", () => {
  const dir = mkdtempSync(join(tmpdir(), "gw-startup-"));
  let blocker: Server | null = null;
  afterAll(() => blocker?.close());

  const expectOneLine = (stderr: string) => {
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it("a Redis that does not answer: names the URL and the reason, exit 1", async () => {
    const out = await runGateway({ REDIS_URL: "redis://127.0.0.1:1", REDIS_CONNECT_TIMEOUT_MS: "1000" });
    expect(out.code).toBe(1);
    expectOneLine(out.stderr);
    expect(out.stderr).toContain("redis://127.0.0.1:1");
    expect(out.stderr).toContain("ECONNREFUSED");
  });

  it("a scheme-less REDIS_URL is invalid configuration, exit 2", async () => {
    const out = await runGateway({ REDIS_URL: "localhost:6379" });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^invalid configuration: REDIS_URL: .*redis:\/\//);
    expectOneLine(out.stderr);
  });

  it("a taken port says so, exit 1", async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker!.listen(0, "127.0.0.1", () => resolve((blocker!.address() as { port: number }).port)),
    );
    const out = await runGateway({ PORT: String(port) });
    expect(out.code).toBe(1);
    expectOneLine(out.stderr);
    expect(out.stderr).toContain(`port ${port} on 127.0.0.1 is already in use (EADDRINUSE)`);
  });

  it("remote mode without its required settings lists each problem on its own line, exit 2", async () => {
    const out = await runGateway({ UPSTREAM_MODE: "remote" });
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const key of ["AUTHORITY_HOST", "UPSTREAM_CLIENT_ID", "AUTH_ISSUER", "AUTH_JWKS_URL", "AUTH_AUDIENCE"]) {
      expect(lines).toContain(`invalid configuration: ${key}: required when UPSTREAM_MODE=remote`);
    }
  });

  it("reads settings from --env-file and from ENV_FILE; the environment wins over the file", async () => {
    const file = join(dir, "bad.env");
    writeFileSync(file, "# comment\nREDIS_URL=localhost:6379\nRATE_LIMIT_WINDOW_S=abc\n");
    const viaFlag = await runGateway({}, ["--env-file", file]);
    expect(viaFlag.code).toBe(2);
    expect(viaFlag.stderr).toContain("invalid configuration: REDIS_URL:");
    expect(viaFlag.stderr).toContain("invalid configuration: RATE_LIMIT_WINDOW_S:");

    const viaSetting = await runGateway({ ENV_FILE: file, RATE_LIMIT_WINDOW_S: "60" });
    expect(viaSetting.code).toBe(2);
    expect(viaSetting.stderr).toContain("invalid configuration: REDIS_URL:");
    expect(viaSetting.stderr).not.toContain("RATE_LIMIT_WINDOW_S");

    // (Node 20 itself also reads a `--env-file` given after the script, and exits 9 when it is missing: use ENV_FILE here.)
    const missing = await runGateway({ ENV_FILE: join(dir, "nope.env") });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^invalid configuration: ENV_FILE: cannot read .*nope\.env/);
  });

  it("an unknown argument is refused with the usage, exit 2", async () => {
    const out = await runGateway({}, ["--bogus"]);
    expect(out.code).toBe(2);
    expectOneLine(out.stderr);
    expect(out.stderr).toContain("--env-file");
  });
}, 400_000);
