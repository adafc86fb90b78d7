import { describe, expect, it } from "vitest";
import { graphAlertWithEvidence, HASH, legacyAlertWithEvidence } from "../../../test/helpers/evidence.fixture.js";
import { defenderAlert } from "../../upstream/defender.mapper.js";
import { graphAlert } from "../../upstream/graph.mapper.js";
import type { SecurityEvidence } from "../../upstream/upstream.types.js";
import { toGraphQLEvidence, toGraphQLEvidenceList } from "./evidence.mapper.js";

describe("evidence mapping from Graph", () => {
  const evidence = toGraphQLEvidenceList(graphAlert(graphAlertWithEvidence()).evidence);

  it("gives one typed object per kind, in upstream order, and keeps the unmodelled kind generic", () => {
    expect(evidence.map((e) => e.kind)).toEqual([
      "device",
      "file",
      "process",
      "user",
      "ip",
      "url",
      "registryKey",
      "registryValue",
      "mailbox",
      "generic",
    ]);
  });

  it("maps the common fields: ISO → Date, verdicts with their raw spelling, arrays as they came", () => {
    const [device, file, , user, ip] = evidence;
    expect(device).toMatchObject({
      createdDateTime: new Date("2026-11-29T09:58:44.253Z"),
      verdict: "MALICIOUS",
      verdictRaw: "malicious",
      remediationStatus: "none",
      roles: ["compromised"],
      detailedRoles: ["PrimaryDevice"],
      tags: ["Tier0"],
    });
    expect(file).toMatchObject({ verdict: "MALICIOUS", remediationStatus: "prevented", roles: [], tags: [] });
    // Graph's `unknown` is "no verdict"; a member newer than the gateway is UNKNOWN with its spelling kept
    expect(user).toMatchObject({ verdict: null, verdictRaw: "unknown" });
    expect(ip).toMatchObject({ verdict: "UNKNOWN", verdictRaw: "unknownFutureValue" });
  });

  it("maps every kind's own fields under Graph's names", () => {
    const [device, file, process, user, ip, url, key, value, mailbox, generic] = evidence;
    expect(device).toMatchObject({
      mdeDeviceId: "73e7e2de709dff64ef64b1d0c30e67fab63279db",
      azureAdDeviceId: "fa2ea6ff-8ca9-4a0c-a1be-c9cfc6a1f8c3",
      deviceDnsName: "PC-17.contoso.local",
      osPlatform: "Windows11",
      osBuild: 22631,
      version: "23H2",
      healthStatus: "active",
      riskScore: "high",
      rbacGroupId: 0,
      rbacGroupName: null,
      onboardingStatus: "onboarded",
      defenderAvStatus: "updated",
      ipInterfaces: ["10.1.2.17", "2001:DB8:0:0:0:0:0:17", "fe80::9c2e:1a4f:e2a6:7b1d"],
      loggedOnUsers: [{ accountName: "nathan", domainName: "CONTOSO" }],
    });
    expect(file).toMatchObject({
      fileDetails: {
        sha1: HASH.mimikatzSha1,
        sha256: HASH.mimikatzSha256,
        fileName: "mimikatz.exe",
        filePath: "C:\\Users\\nathan\\Downloads\\x64",
        fileSize: 1355680,
        filePublisher: "gentilkiwi (Benjamin DELPY)",
        signer: null,
        issuer: null,
      },
      detectionStatus: "prevented",
      mdeDeviceId: "73e7e2de709dff64ef64b1d0c30e67fab63279db",
    });
    expect(process).toMatchObject({
      processId: 8412,
      parentProcessId: 5236,
      processCommandLine: expect.stringContaining("-enc SQBFAFgA") as unknown,
      processCreationDateTime: new Date("2026-11-29T09:58:41.123Z"),
      parentProcessCreationDateTime: new Date("2026-11-29T09:51:02.500Z"),
      imageFile: { fileName: "powershell.exe", sha256: HASH.powershellSha256, signer: "Microsoft Windows" },
      parentProcessImageFile: { fileName: "WINWORD.EXE", sha1: HASH.winwordSha1, sha256: null },
      userAccount: {
        accountName: "nathan",
        domainName: "CONTOSO",
        userPrincipalName: "Nathan.Lane@Contoso.com",
        displayName: "Nathan Lane",
      },
      detectionStatus: "detected",
    });
    expect(user).toMatchObject({ userAccount: { accountName: "nathan", azureAdUserId: "a7b5f0d1-0b3d-4c5a-9a3e-2f1d8c6b4e21" } });
    expect(ip).toMatchObject({ ipAddress: "203.0.113.45", countryLetterCode: "NL" });
    expect(url).toMatchObject({ url: "https://Login.Contoso-Secure.com/owa/auth.owa?r=1" });
    expect(key).toMatchObject({ registryKey: "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", registryHive: "HKEY_LOCAL_MACHINE" });
    expect(value).toMatchObject({
      registryValueName: "Updater",
      registryValue: "C:\\Users\\Public\\upd.exe",
      registryValueType: "String",
      mdeDeviceId: "73e7e2de709dff64ef64b1d0c30e67fab63279db",
    });
    expect(mailbox).toMatchObject({
      primaryAddress: "Nathan.Lane@Contoso.com",
      displayName: "Nathan Lane",
      userAccount: { accountName: "nathan" },
    });
    expect(generic).toMatchObject({
      type: "#microsoft.graph.security.analyzedMessageEvidence",
      raw: { subject: "Your mailbox is almost full", senderIp: "198.51.100.9", verdict: "malicious" },
      verdict: "MALICIOUS",
    });
  });

  it("fills missing nested objects and arrays instead of returning null where the schema says non-null", () => {
    const sparse = graphAlert({
      id: "ar1",
      evidence: [
        { "@odata.type": "#microsoft.graph.security.fileEvidence" },
        { "@odata.type": "#microsoft.graph.security.userEvidence", roles: null },
        { "@odata.type": "#microsoft.graph.security.deviceEvidence", ipInterfaces: null, loggedOnUsers: null, createdDateTime: "garbage" },
      ],
    }).evidence;
    const [file, user, device] = toGraphQLEvidenceList(sparse);
    expect(file).toMatchObject({ kind: "file", fileDetails: { sha256: null, fileName: null }, roles: [], createdDateTime: null });
    expect(user).toMatchObject({ kind: "user", userAccount: { accountName: null, userPrincipalName: null }, roles: [] });
    expect(device).toMatchObject({ kind: "device", ipInterfaces: [], loggedOnUsers: [], createdDateTime: null });
  });
});

describe("evidence mapping from the legacy Defender API", () => {
  const evidence = toGraphQLEvidenceList(defenderAlert(legacyAlertWithEvidence()).evidence);

  it("maps the flat rows and the alert's machine to the same types as Graph", () => {
    expect(evidence.map((e) => e.kind)).toEqual([
      "device",
      "file",
      "process",
      "user",
      "ip",
      "url",
      "registryValue",
      "registryKey",
      "mailbox",
      "generic",
    ]);
    // the legacy API has no verdicts, roles or tags
    for (const e of evidence)
      expect(e).toMatchObject({ verdict: null, verdictRaw: null, remediationStatus: null, roles: [], detailedRoles: [], tags: [] });
  });

  it("keeps each row's fields under the Graph names", () => {
    const [device, file, process, user, ip, url, value, key, mailbox, generic] = evidence;
    expect(device).toMatchObject({
      mdeDeviceId: "1e8c9ab4b0ec4bd5b4d9fe2a2c0c64d3a1c55d4e",
      deviceDnsName: "fin-ws-042.fabrikam.local",
      rbacGroupName: null,
      ipInterfaces: [],
      loggedOnUsers: [{ accountName: "mlopez", domainName: "FABRIKAM" }],
      createdDateTime: new Date("2025-03-02T09:14:05.336Z"),
    });
    expect(file).toMatchObject({
      fileDetails: { sha256: HASH.mimikatzSha256, sha1: HASH.mimikatzSha1, fileName: "mimikatz.exe", filePath: "C:\\Temp", fileSize: null },
      detectionStatus: "Detected",
      mdeDeviceId: "1e8c9ab4b0ec4bd5b4d9fe2a2c0c64d3a1c55d4e",
      createdDateTime: new Date("2025-03-02T09:14:00Z"),
    });
    expect(process).toMatchObject({
      processId: 7196,
      parentProcessId: 4412,
      processCreationDateTime: new Date("2025-03-02T09:13:50.113Z"),
      parentProcessCreationDateTime: new Date("2025-03-02T09:02:10Z"),
      imageFile: { fileName: "powershell.exe", sha256: HASH.powershellSha256 },
      parentProcessImageFile: { fileName: "explorer.exe", filePath: "C:\\Windows", sha1: null },
      userAccount: { accountName: "mlopez", domainName: "FABRIKAM", userPrincipalName: "M.Lopez@fabrikam.com", displayName: null },
    });
    expect(user).toMatchObject({ userAccount: { accountName: "mlopez", azureAdUserId: "0c6e4b1a-9f3d-4e2b-8a7c-5d1e2f3a4b5c" } });
    expect(ip).toMatchObject({ ipAddress: "198.51.100.23", countryLetterCode: null });
    expect(url).toMatchObject({ url: "fabrikam-payroll.example.net/login" });
    expect(value).toMatchObject({ registryValue: "C:\\Temp\\updater.exe", registryValueType: "String", registryValueName: null });
    expect(key).toMatchObject({ registryKey: "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\evil" });
    expect(mailbox).toMatchObject({ primaryAddress: "M.Lopez@fabrikam.com" });
    expect(generic).toMatchObject({ type: "SecurityGroup", raw: { entityType: "SecurityGroup", accountName: "Domain Admins" } });
  });
});

describe("robustness", () => {
  it("shows a kind from a newer replica as generic evidence instead of failing", () => {
    const newer = { kind: "cloudApplication", appId: 42, createdDateTime: "2026-11-29T10:00:00Z", roles: ["contextual"] };
    expect(toGraphQLEvidence(newer as unknown as SecurityEvidence)).toMatchObject({
      kind: "generic",
      type: "cloudApplication",
      raw: { appId: 42 },
      roles: ["contextual"],
      detailedRoles: [],
      createdDateTime: new Date("2026-11-29T10:00:00Z"),
    });
  });

  it("maps a missing evidence list to an empty one", () => {
    expect(toGraphQLEvidenceList(undefined)).toEqual([]);
    expect(toGraphQLEvidenceList(null)).toEqual([]);
  });

  it("does not share arrays with the model (a caller mutating the GraphQL object cannot corrupt the index)", () => {
    const model = graphAlert(graphAlertWithEvidence()).evidence;
    const [device] = toGraphQLEvidenceList(model);
    expect(device?.roles).toEqual(model[0]?.roles);
    expect(device?.roles).not.toBe(model[0]?.roles);
  });
});
