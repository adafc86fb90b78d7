import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Which webhook targets the gateway will call. Webhooks are an SSRF vector: by default only public
 * http(s) addresses are allowed. `allowPrivate` (config `NOTIFY_WEBHOOK_ALLOW_PRIVATE`) lifts the
 * address check for tests, embedded demos and on-premises receivers.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** True for loopback, private, link-local, CGNAT, multicast and unspecified addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) return blocked.check(bare, "ipv6");
  return false;
}

const privateName = (host: string) => host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local");

/** Static check of a webhook URL (input validation). Returns a problem description, or null when acceptable. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use http or https";
  if (url.username || url.password) return "must not contain credentials (use the signing secret)";
  if (url.hash) return "must not contain a fragment";
  if (raw.length > 2_000) return "is longer than 2,000 characters";
  const host = url.hostname.toLowerCase();
  if (!allowPrivate && (isPrivateAddress(host) || privateName(host))) return "points to a private, loopback or link-local address";
  return null;
}

/**
 * Send-time check: resolves the host and refuses private addresses (catches public names that resolve
 * inward). Throws with a reason; no-op when private targets are allowed.
 */
export async function assertPublicTarget(raw: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const problem = webhookUrlProblem(raw, false);
  if (problem) throw new Error(`webhook URL ${problem}`);
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return;
  const addresses = await lookup(host, { all: true });
  if (addresses.some((a) => isPrivateAddress(a.address))) throw new Error(`webhook host ${host} resolves to a private address`);
}
