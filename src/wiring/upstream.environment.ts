import type { Config } from "../config/config.js";
import type { Logger } from "../logger.js";
import type { UpstreamEnvironment } from "./upstream.environment.types.js";

export type { UpstreamEnvironment };

/**
 * Builds the environment of the configured mode. The embedded simulator is loaded with a dynamic
 * `import()` only in embedded mode, so a remote deployment never loads (or ships a path into)
 * simulator code.
 */
export async function createUpstreamEnvironment(config: Config, logger: Logger): Promise<UpstreamEnvironment> {
  if (config.mode === "embedded") {
    const { createEmbeddedEnvironment } = await import("./embedded.environment.js");
    return createEmbeddedEnvironment(config, logger);
  }
  const { createRemoteEnvironment } = await import("./remote.environment.js");
  return createRemoteEnvironment(config);
}
