import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
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

/** IPv6 networks refused outright, as (prefix bytes, prefix length). Embedded IPv4 forms are decoded separately. */
const BLOCKED_V6: readonly [string, number][] = [
  // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form (`[::127.0.0.1]`).
  ["::", 96],
  // SIIT `::ffff:0:a.b.c.d`.
  ["::ffff:0:0:0", 96],
  // NAT64 (well-known and local-use): the gateway's resolver network may translate to anything inside.
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["fc00::", 7],
  ["fe80::", 10],
  // Site-local (deprecated, still routed inward by some networks).
  ["fec0::", 10],
  ["ff00::", 8],
];

/** The 16 bytes of an IPv6 address (any spelling: `::`, embedded dotted IPv4, zone id), or null. */
function ipv6Bytes(address: string): number[] | null {
  let s = address.replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    if (isIP(dotted[1]) !== 4) return null;
    const [a, b, c, d] = dotted[1].split(".").map(Number) as [number, number, number, number];
    s = s.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const part = (x: string) => (x === "" ? [] : x.split(":"));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array<string>(fill).fill("0"), ...tail];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes.length === 16 ? bytes : null;
}

const inPrefix = (bytes: readonly number[], net: readonly number[], bits: number) => {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((bytes[i >> 3] & mask) !== (net[i >> 3] & mask)) return false;
  }
  return true;
};
const BLOCKED_V6_BYTES = BLOCKED_V6.map(([net, bits]) => [ipv6Bytes(net)!, bits] as const);
const v4Of = (b: readonly number[], at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/**
 * True for loopback, private, link-local, CGNAT, multicast, unspecified, site-local and NAT64 addresses,
 * in every IPv6 spelling (IPv4-mapped, IPv4-compatible, SIIT, 6to4 of a private IPv4 included).
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare.replace(/%.*$/, ""));
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family !== 6) return false;
  const bytes = ipv6Bytes(bare);
  if (!bytes) return true; // isIP accepted what we cannot read: refuse rather than guess
  const mapped = bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return blocked.check(v4Of(bytes, 12), "ipv4");
  if (bytes[0] === 0x20 && bytes[1] === 0x02 && blocked.check(v4Of(bytes, 2), "ipv4")) return true; // 6to4
  return BLOCKED_V6_BYTES.some(([net, bits]) => inPrefix(bytes, net, bits));
}

const privateName = (host: string) =>
  host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local");

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

/** Resolves a host name to every address it has (injectable: tests answer without real DNS). */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Send-time check: resolves the host and refuses private addresses (catches public names that resolve
 * inward, with a clear reason). Not the guard against DNS rebinding (the name may answer differently
 * when the connection resolves it): `guardedLookup` is. Throws with a reason; no-op when private
 * targets are allowed.
 */
export async function assertPublicTarget(raw: string, allowPrivate: boolean, resolve: ResolveHost = systemResolve): Promise<void> {
  if (allowPrivate) return;
  const problem = webhookUrlProblem(raw, false);
  if (problem) throw new Error(`webhook URL ${problem}`);
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return;
  const addresses = await resolve(host);
  if (addresses.some((a) => isPrivateAddress(a.address))) throw new Error(`webhook host ${host} resolves to a private address`);
}

/** Error of a connection refused by `guardedLookup`; its message names the host and address. */
export class PrivateTargetError extends Error {
  readonly code = "ERR_WEBHOOK_PRIVATE_TARGET";
  constructor(host: string, address: string) {
    super(`webhook host ${host} resolved to the private address ${address} at connect time`);
    this.name = "PrivateTargetError";
  }
}

/**
 * The `lookup` of the sockets webhooks connect with: the addresses checked are the addresses connected
 * to, so a name that answers a public address to the policy check and 127.0.0.1 to the connection
 * (DNS rebinding) gets no connection at all. Every resolved address must be public (a single private
 * one refuses the whole answer: Happy Eyeballs could pick it). With `allowPrivate`, resolves only.
 */
export function guardedLookup(allowPrivate: boolean, resolve: ResolveHost = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const bad = allowPrivate ? undefined : wanted.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new PrivateTargetError(hostname, bad.address), "", 0);
        if (wanted.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = "ENOTFOUND";
          return callback(err, "", 0);
        }
        if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (e: NodeJS.ErrnoException) => callback(e, "", 0),
    );
  };
}
