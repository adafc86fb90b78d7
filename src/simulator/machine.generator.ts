import type { DefenderMachine, DefenderMachineIp } from "../upstream/defender.types.js";
import type { Prng } from "./random.prng.js";
import type { SimTenant } from "./simulator.types.js";

interface DeviceGroup {
  name: string;
  id: number;
  hostPrefix: string;
  platforms: readonly { osPlatform: string; version: string; osBuild: number }[];
  deviceValue: string;
  tags: readonly string[];
}

const WORKSTATION_OS = [
  { osPlatform: "Windows11", version: "23H2", osBuild: 22631 },
  { osPlatform: "Windows11", version: "24H2", osBuild: 26100 },
  { osPlatform: "Windows10", version: "22H2", osBuild: 19045 },
] as const;

const DEVICE_GROUPS: readonly DeviceGroup[] = [
  { name: "Finance Workstations", id: 101, hostPrefix: "fin-ws", platforms: WORKSTATION_OS, deviceValue: "High", tags: ["finance", "pci"] },
  {
    name: "Servers",
    id: 102,
    hostPrefix: "srv",
    platforms: [
      { osPlatform: "WindowsServer2022", version: "21H2", osBuild: 20348 },
      { osPlatform: "WindowsServer2019", version: "1809", osBuild: 17763 },
      { osPlatform: "Linux", version: "22.04", osBuild: 0 },
    ],
    deviceValue: "High",
    tags: ["server", "tier0"],
  },
  {
    name: "Developers",
    id: 103,
    hostPrefix: "dev-ws",
    platforms: [...WORKSTATION_OS, { osPlatform: "macOS", version: "14.5", osBuild: 0 }],
    deviceValue: "Normal",
    tags: ["engineering"],
  },
  { name: "Front Office", id: 104, hostPrefix: "fo-ws", platforms: WORKSTATION_OS, deviceValue: "Low", tags: ["kiosk"] },
];

const HEALTH = ["Active", "Active", "Active", "Active", "Active", "Inactive", "ImpairedCommunication", "NoSensorData"] as const;
const LEVELS = ["None", "Informational", "Low", "Medium", "High"] as const;
const EXPOSURE = ["None", "Low", "Medium", "High"] as const;
const DAY_MS = 86_400_000;

const mac = (prng: Prng): string => prng.hex(12).toUpperCase();

/** Machines of one tenant; host names are unique within the tenant and end in `<tenant>.local`. */
export function generateMachines(prng: Prng, tenant: SimTenant, count: number, epochMs: number): DefenderMachine[] {
  const localDomain = `${tenant.domain.split(".")[0] ?? "corp"}.local`;
  const subnet = prng.int(0, 200);
  return Array.from({ length: count }, (_, i) => {
    const group = DEVICE_GROUPS[i % DEVICE_GROUPS.length];
    const os = prng.pick(group.platforms);
    const isWindows = os.osPlatform.startsWith("Windows");
    // Third octet per device group and block of 240 hosts, so large tenants keep valid, unique addresses.
    const ip = `10.${subnet}.${(group.id - 100 + 4 * Math.floor(i / 240)) % 256}.${10 + (i % 240)}`;
    const macAddress = mac(prng);
    const ipAddresses: DefenderMachineIp[] = [{ ipAddress: ip, macAddress, operationalStatus: "Up" }];
    if (prng.chance(0.3)) ipAddresses.push({ ipAddress: `fe80::${prng.hex(4)}:${prng.hex(4)}`, macAddress, operationalStatus: "Up" });
    const aadJoined = isWindows && prng.chance(0.7);
    const host = `${group.hostPrefix}-${String(i + 1).padStart(3, "0")}`;
    // Real fleets have devices known only by a short host name, and devices in no device group.
    const shortName = i % 5 === 4;
    const ungrouped = i % 7 === 6;
    return {
      id: prng.hex(40),
      computerDnsName: shortName ? host : `${host}.${localDomain}`,
      firstSeen: new Date(epochMs - prng.int(30, 700) * DAY_MS - prng.int(0, DAY_MS)).toISOString(),
      lastSeen: new Date(epochMs - prng.int(0, 20 * 3_600_000)).toISOString(),
      osPlatform: os.osPlatform,
      version: os.version,
      osBuild: os.osBuild === 0 ? null : os.osBuild,
      osArchitecture: "64-bit",
      onboardingStatus: "Onboarded",
      lastIpAddress: ip,
      lastExternalIpAddress: `203.0.113.${prng.int(1, 254)}`,
      healthStatus: prng.pick(HEALTH),
      rbacGroupName: ungrouped ? null : group.name,
      rbacGroupId: ungrouped ? null : group.id,
      riskScore: prng.pick(LEVELS),
      exposureLevel: prng.pick(EXPOSURE),
      deviceValue: group.deviceValue,
      aadDeviceId: aadJoined ? prng.guid() : null,
      isAadJoined: aadJoined,
      machineTags: prng.sample(group.tags, prng.int(0, group.tags.length)),
      ipAddresses,
    };
  });
}
