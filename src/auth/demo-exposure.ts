import { isIP } from "node:net";

/** True when `host` (the HOST setting) only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  return h === "::1" || h === "::ffff:127.0.0.1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/**
 * Whether the embedded demo may hand out tokens (`/dev/token`, the token pre-filled in GraphiQL):
 * anyone who reaches them is a gateway admin. `demoTokens` (DEMO_TOKENS) decides when set; unset,
 * only on a loopback HOST outside production.
 */
export function demoTokensAllowed(env: { HOST: string; NODE_ENV: string; DEMO_TOKENS?: boolean }): boolean {
  if (env.DEMO_TOKENS !== undefined) return env.DEMO_TOKENS;
  return env.NODE_ENV !== "production" && isLoopbackHost(env.HOST);
}
