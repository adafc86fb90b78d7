import "reflect-metadata";
import { parseArgs } from "node:util";
import type { App } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config/config.js";

/**
 * Process entry: config → app → listen → drain on SIGTERM/SIGINT. The only place that exits.
 * Exit codes: 0 after a clean drain; 2 for bad configuration or arguments; 1 for any other startup
 * failure (Redis not answering, port taken, ...) or a drain that missed SHUTDOWN_TIMEOUT_MS.
 * Startup failures are one line each on stderr, without a stack.
 */
async function main(): Promise<void> {
  const config = readConfig();
  // Loaded only once the configuration is valid: a config error is reported at once, without loading the whole gateway.
  const { createApp } = await import("./app.js");
  const app = await createApp(config, { stdoutIsTTY: process.stdout.isTTY === true }).catch((e: unknown) => fail(`gateway failed to start: ${oneLine(e)}`, 1));
  stopOnSignals(app, config.env.SHUTDOWN_TIMEOUT_MS);
}

/** Settings from the environment, plus `--env-file <path>` (same as ENV_FILE; the environment wins over the file). */
function readConfig(): Config {
  let envFile: string | undefined;
  try {
    envFile = parseArgs({ args: process.argv.slice(2), options: { "env-file": { type: "string" } }, strict: true }).values["env-file"];
  } catch (e) {
    fail(`invalid arguments: ${oneLine(e)} (usage: main [--env-file <path>])`, 2);
  }
  try {
    return loadConfig(envFile ? { ...process.env, ENV_FILE: envFile } : process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.problems.map((p) => `invalid configuration: ${p}`).join("\n"), 2);
  }
}

/**
 * One shutdown path: the first SIGTERM/SIGINT drains (app.close(), once) and exits 0, or 1 past the
 * deadline; a second signal exits 1 at once (an impatient Ctrl-C). Apollo's own signal handling is off.
 */
function stopOnSignals(app: App, timeoutMs: number): void {
  let draining = false;
  const stop = (signal: NodeJS.Signals) => {
    if (draining) {
      app.logger.warn({ signal }, "second signal while draining: exiting now");
      process.exit(1);
    }
    draining = true;
    const startedAt = Date.now();
    app.logger.info({ signal, timeoutMs }, "draining");
    const deadline = setTimeout(() => {
      app.logger.error({ timeoutMs }, "drain did not finish in time: exiting");
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    app.close().then(
      () => {
        app.logger.info({ ms: Date.now() - startedAt }, "stopped");
        process.exit(0);
      },
      (e: unknown) => {
        app.logger.error({ err: e }, "error while draining");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
}

function fail(message: string, code: 1 | 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

main().catch((e: unknown) => fail(`gateway failed to start: ${oneLine(e)}`, 1));
