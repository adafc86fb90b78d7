import "reflect-metadata";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";

/** Process entry: config → app → listen → drain on SIGTERM/SIGINT. The only place that exits. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const app = await createApp(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "draining");
    // Hard deadline: whatever is not drained within 10 s is cut off.
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (e) => {
        app.logger.error({ err: e }, "error while draining");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e) => {
  console.error("gateway failed to start:", e);
  process.exit(1);
});
