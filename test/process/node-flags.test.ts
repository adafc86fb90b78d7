import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GATEWAY_NODE_FLAGS } from "../../src/node-flags.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { scripts: Record<string, string> };
const dockerCmd = readFileSync(`${ROOT}docker/Dockerfile`, "utf8")
  .split("\n")
  .find((l) => l.startsWith("CMD "));

describe("the gateway's Node flags (src/node-flags.ts)", () => {
  it("are passed by every way the gateway is started: npm start, npm run dev and the image's CMD", () => {
    expect(GATEWAY_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of GATEWAY_NODE_FLAGS) {
      expect(pkg.scripts.start.split(" "), "npm start").toContain(flag);
      expect(pkg.scripts.dev.split(" "), "npm run dev").toContain(flag);
      expect(JSON.parse(dockerCmd!.slice(4)) as string[], "docker/Dockerfile CMD").toContain(flag);
    }
  });

  it("are accepted by this Node and size V8's young generation (not silently ignored)", () => {
    const newSpace = (flags: readonly string[]) =>
      Number(
        execFileSync(
          process.execPath,
          [
            ...flags,
            "-e",
            // allocation grows the young generation up to its maximum: what the flag sets
            "const k=[];for(let i=0;i<3e6;i++){const o={a:i,b:[i]};if(i%9===0)k.push(o)}" +
              "process.stdout.write(String(require('v8').getHeapSpaceStatistics().find(s=>s.space_name==='new_space').space_size))",
          ],
          { encoding: "utf8" },
        ),
      );
    expect(newSpace(GATEWAY_NODE_FLAGS)).toBeGreaterThan(newSpace([]));
  });

  it("expose V8's collector to the process (what a replica's settleHeap runs after its mirror build)", () => {
    const exposed = (flags: readonly string[]) =>
      execFileSync(process.execPath, [...flags, "-e", "process.stdout.write(typeof gc)"], { encoding: "utf8" });
    expect(exposed(GATEWAY_NODE_FLAGS)).toBe("function");
    expect(exposed([])).toBe("undefined");
  });
});
