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
  // Installed before startup: without a listener a signal would kill the process outright (no drain, no flush).
  const stop = stopOnSignals(config.env.SHUTDOWN_TIMEOUT_MS);
  // Loaded only once the configuration is valid: a config error is reported at once, without loading the whole gateway.
  const { createApp } = await import("./app.js");
  const app = await createApp(config, { stdoutIsTTY: process.stdout.isTTY === true }).catch((e: unknown) =>
    fail(`gateway failed to start: ${oneLine(e)}`, 1),
  );
  stop.started(app);
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
 * A signal during startup is held until the app exists, then drains it the same way.
 */
function stopOnSignals(timeoutMs: number): { started(app: App): void } {
  let app: App | null = null;
  let requested: NodeJS.Signals | null = null;
  let draining = false;
  const drain = (running: App, signal: NodeJS.Signals) => {
    draining = true;
    const startedAt = Date.now();
    running.logger.info({ signal, timeoutMs }, "draining");
    const deadline = setTimeout(() => {
      running.logger.error({ timeoutMs }, "drain did not finish in time: exiting");
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    running.close().then(
      () => {
        running.logger.info({ ms: Date.now() - startedAt }, "stopped");
        process.exit(0);
      },
      (e: unknown) => {
        running.logger.error({ err: e }, "error while draining");
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining || requested) {
      app?.logger.warn({ signal }, "second signal while draining: exiting now");
      process.exit(1);
    }
    if (app) drain(app, signal);
    else requested = signal;
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return {
    started(created) {
      app = created;
      // A stray rejected promise is a bug (each fixed one gets a test) but not a reason to drop every socket and
      // subscription this replica holds: reported loudly, survived. Startup failures still exit (installed only now).
      process.on("unhandledRejection", (reason) =>
        created.logger.error({ err: reason }, "unhandled promise rejection (a bug): kept running"),
      );
      if (requested) drain(created, requested);
    },
  };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
}

function fail(message: string, code: 1 | 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

main().catch((e: unknown) => fail(`gateway failed to start: ${oneLine(e)}`, 1));
