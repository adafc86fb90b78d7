import { spawn } from "node:child_process";
import { TEST_ENV } from "../helpers/gateway.js";
import { GATEWAY_NODE_FLAGS } from "../../src/node-flags.js";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx src/main.ts <args>` to completion (a gateway that is expected to refuse to
 * start) and returns its exit code and output. Killed after `timeoutMs` (then `code` is null).
 */
export function runGateway(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 240_000,
  nodeArgs: string[] = [],
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, ...nodeArgs, "--import", "tsx", "src/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...TEST_ENV, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
