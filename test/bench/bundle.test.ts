import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bundled } from "../../bench/lib/bundle.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

describe("bench bundles", () => {
  it("bundles the gateway into one runnable module under the repository, once per entry", async () => {
    const file = await bundled(ROOT, "src/main.ts");
    expect(file.startsWith(`${ROOT}.bench-build/${process.pid}/`)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(await bundled(ROOT, "src/main.ts")).toBe(file);
    // The bundle starts as the sources do: a bad setting is refused with the gateway's own message and exit code.
    const started = run(process.execPath, [file], { cwd: ROOT, env: { ...process.env, PORT: "not-a-port" } });
    try {
      await expect(started).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("invalid configuration: PORT") });
    } finally {
      // a test worker may end without the exit event the bench's cleanup waits for
      rmSync(dirname(file), { recursive: true, force: true });
    }
  }, 60_000);
});
