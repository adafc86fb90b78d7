import { describe, expect, it } from "vitest";
import { graphEvidence } from "../../upstream/graph.mapper.js";
import type { DeviceEvidence } from "../../upstream/upstream.types.js";
import { machineFromEvidence } from "./machine.service.js";

const device = (): DeviceEvidence =>
  graphEvidence({
    "@odata.type": "#microsoft.graph.security.deviceEvidence",
    mdeDeviceId: "52d1204b56077d1263d0d7fb6ff997715d5f2529",
    azureAdDeviceId: "0a3d1ea4-db42-462c-a8b7-3ca57746749e",
    deviceDnsName: "pc-17.contoso.local",
    osPlatform: "Windows11",
    osBuild: 26100,
    healthStatus: "active",
    ipInterfaces: ["10.1.2.17"],
    tags: ["vip"],
  }) as DeviceEvidence;

describe("machineFromEvidence", () => {
  it("describes the device of the evidence", () => {
    const m = machineFromEvidence("t1", device());
    expect(m).toMatchObject({
      id: "52d1204b56077d1263d0d7fb6ff997715d5f2529",
      tenantId: "t1",
      computerDnsName: "pc-17.contoso.local",
      osPlatform: "Windows11",
      osBuild: 26100,
      lastIpAddress: "10.1.2.17",
      aadDeviceId: "0a3d1ea4-db42-462c-a8b7-3ca57746749e",
      machineTags: ["vip"],
      ipAddresses: [{ ipAddress: "10.1.2.17", macAddress: null, operationalStatus: null }],
    });
  });

  it("builds the machine of stored (frozen) evidence once and hands out the same object afterwards", () => {
    const stored = Object.freeze(device());
    const first = machineFromEvidence("t1", stored);
    expect(machineFromEvidence("t1", stored)).toBe(first);
    // another tenant asking about the same object gets its own machine
    expect(machineFromEvidence("t2", stored)).toMatchObject({ ...first, tenantId: "t2" });
  });

  it("does not remember evidence that may still change", () => {
    const live = device();
    const first = machineFromEvidence("t1", live);
    live.deviceDnsName = "pc-18.contoso.local";
    expect(machineFromEvidence("t1", live)).not.toBe(first);
    expect(machineFromEvidence("t1", live).computerDnsName).toBe("pc-18.contoso.local");
  });
});
