// TEMPORARY stub until the evidence branch lands (replaced on merge).
import type { SecurityEvidence } from "./upstream.types.js";

export const indicatorToken = {
  sha256: (v: string) => `sha256:${v.toLowerCase()}`,
  sha1: (v: string) => `sha1:${v.toLowerCase()}`,
  ip: (v: string) => `ip:${v.toLowerCase()}`,
  url: (v: string) => `url:${v.toLowerCase()}`,
  domain: (v: string) => `domain:${v.toLowerCase()}`,
  account: (v: string) => `account:${v.toLowerCase()}`,
  device: (v: string) => `device:${v.toLowerCase()}`,
};

export function evidenceIndicators(evidence: readonly SecurityEvidence[]): string[] {
  const out = new Set<string>();
  for (const e of evidence) {
    if (e.kind === "file") {
      if (e.fileDetails.sha256) out.add(indicatorToken.sha256(e.fileDetails.sha256));
      if (e.fileDetails.sha1) out.add(indicatorToken.sha1(e.fileDetails.sha1));
    }
    if (e.kind === "ip" && e.ipAddress) out.add(indicatorToken.ip(e.ipAddress));
    if (e.kind === "device" && e.deviceDnsName) out.add(indicatorToken.device(e.deviceDnsName));
    if ((e.kind === "process" || e.kind === "user") && e.userAccount?.accountName) out.add(indicatorToken.account(e.userAccount.accountName));
  }
  return [...out];
}
