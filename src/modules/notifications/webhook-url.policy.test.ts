import { describe, expect, it } from "vitest";
import { isPrivateAddress, webhookUrlProblem } from "./webhook-url.policy.js";

describe("webhook URL policy (save time)", () => {
  it.each([
    "http://[::127.0.0.1]/h", // IPv4-compatible loopback
    "http://[::7f00:1]/h",
    "http://[::ffff:0:127.0.0.1]/h", // SIIT
    "http://[::ffff:0:a00:1]/h",
    "http://[64:ff9b::127.0.0.1]/h", // NAT64 well-known prefix
    "http://[64:ff9b::808:808]/h",
    "http://[64:ff9b:1::a]/h", // NAT64 local-use
    "http://[fec0::1]/h", // site-local
    "http://[feff::1]/h",
    "http://[::ffff:127.0.0.1]/h",
    "http://[::ffff:7f00:1]/h",
    "http://[::ffff:a9fe:a9fe]/latest", // metadata, mapped hex
    "http://[2002:7f00:1::]/h", // 6to4 of loopback
    "http://[::1]/h",
    "http://[::]/h",
    "http://[fd00::1]/h",
    "http://[fe80::1]/h",
    "http://[ff02::1]/h",
    "http://127.0.0.1/h",
    "http://2130706433/h", // decimal loopback, normalised by URL
    "http://0x7f.1/h",
    "http://10.1.2.3/h",
    "http://169.254.169.254/latest",
    "http://100.64.0.1/h",
    "http://localhost/h",
    "http://a.localhost/h",
  ])("refuses %s", (url) => {
    expect(webhookUrlProblem(url, false)).toBe("points to a private, loopback or link-local address");
    expect(webhookUrlProblem(url, true)).toBeNull();
  });

  it.each(["https://hooks.example/h", "http://8.8.8.8/h", "http://[2001:4860:4860::8888]/h", "http://[2002:808:808::]/h"])(
    "accepts %s",
    (url) => {
      expect(webhookUrlProblem(url, false)).toBeNull();
    },
  );

  it("classifies every spelling of an address the same way", () => {
    for (const a of ["::127.0.0.1", "0:0:0:0:0:0:7f00:1", "::ffff:0:7f00:1", "64:ff9b::7f00:1", "fec0:0::1", "FEC0::1", "fe80::1%eth0"])
      expect(isPrivateAddress(a)).toBe(true);
    for (const a of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])
      expect(isPrivateAddress(a)).toBe(false);
  });
});
