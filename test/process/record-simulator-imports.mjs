// Module hook (runs in Node's hooks thread): appends every resolved src/simulator module URL to GW_LOADED_LOG.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes("/src/simulator/") && process.env.GW_LOADED_LOG) appendFileSync(process.env.GW_LOADED_LOG, `${result.url}\n`);
  return result;
}
