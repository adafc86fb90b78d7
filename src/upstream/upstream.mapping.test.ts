import { describe, expect, it } from "vitest";
import { defenderAlert, defenderEvidence } from "./defender.mapper.js";
import { defenderAlertPatch } from "./defender.source.js";
import type { DefenderAlert, DefenderEvidence } from "./defender.types.js";
import {
  DEFENDER_CLASSIFICATIONS,
  DEFENDER_DETECTION_SOURCES,
  DEFENDER_DETERMINATIONS,
  DEFENDER_SEVERITIES,
  DEFENDER_STATUSES,
} from "./defender.types.js";
import { graphAlert, graphEvidence, graphIncident } from "./graph.mapper.js";
import { graphAlertPatch, graphIncidentPatch } from "./graph.source.js";
import { upstreamApiOf, warnLegacyTenants } from "./upstream.source.js";
import {
  AlertClassificationMap,
  AlertDeterminationMap,
  AlertSeverityMap,
  AlertStatusMap,
  DetectionSourceMap,
  EvidenceVerdictMap,
  IncidentStatusMap,
  ServiceSourceMap,
  type EnumMapping,
} from "./upstream.enums.js";

/** [upstream spelling, expected gateway value] for every documented member (Graph v1.0 docs, incl. older copies). */
const GRAPH: Record<string, { map: EnumMapping<string>; cases: [string, string | null][] }> = {
  severity: {
    map: AlertSeverityMap,
    cases: [
      ["unknown", "UNSPECIFIED"],
      ["informational", "INFORMATIONAL"],
      ["low", "LOW"],
      ["medium", "MEDIUM"],
      ["high", "HIGH"],
    ],
  },
  status: {
    map: AlertStatusMap,
    cases: [
      ["unknown", "UNKNOWN"],
      ["new", "NEW"],
      ["inProgress", "IN_PROGRESS"],
      ["resolved", "RESOLVED"],
    ],
  },
  classification: {
    map: AlertClassificationMap,
    cases: [
      ["unknown", null],
      ["falsePositive", "FALSE_POSITIVE"],
      ["truePositive", "TRUE_POSITIVE"],
      ["informationalExpectedActivity", "INFORMATIONAL_EXPECTED_ACTIVITY"],
    ],
  },
  determination: {
    map: AlertDeterminationMap,
    cases: [
      ["unknown", null],
      ["apt", "APT"],
      ["malware", "MALWARE"],
      ["securityPersonnel", "SECURITY_PERSONNEL"],
      ["securityTesting", "SECURITY_TESTING"],
      ["unwantedSoftware", "UNWANTED_SOFTWARE"],
      ["other", "OTHER"],
      ["multiStagedAttack", "MULTI_STAGED_ATTACK"],
      ["compromisedAccount", "COMPROMISED_USER"],
      ["compromisedUser", "COMPROMISED_USER"],
      ["phishing", "PHISHING"],
      ["maliciousUserActivity", "MALICIOUS_USER_ACTIVITY"],
      ["notMalicious", "CLEAN"],
      ["clean", "CLEAN"],
      ["notEnoughDataToValidate", "INSUFFICIENT_DATA"],
      ["insufficientData", "INSUFFICIENT_DATA"],
      ["confirmedActivity", "CONFIRMED_USER_ACTIVITY"],
      ["confirmedUserActivity", "CONFIRMED_USER_ACTIVITY"],
      ["lineOfBusinessApplication", "LINE_OF_BUSINESS_APPLICATION"],
    ],
  },
  serviceSource: {
    map: ServiceSourceMap,
    cases: [
      ["unknown", null],
      ["microsoftDefenderForEndpoint", "MICROSOFT_DEFENDER_FOR_ENDPOINT"],
      ["microsoftDefenderForIdentity", "MICROSOFT_DEFENDER_FOR_IDENTITY"],
      ["microsoftDefenderForCloudApps", "MICROSOFT_DEFENDER_FOR_CLOUD_APPS"],
      ["microsoftDefenderForOffice365", "MICROSOFT_DEFENDER_FOR_OFFICE365"],
      ["microsoft365Defender", "MICROSOFT365_DEFENDER"],
      ["azureAdIdentityProtection", "AZURE_AD_IDENTITY_PROTECTION"],
      ["microsoftAppGovernance", "MICROSOFT_APP_GOVERNANCE"],
      ["dataLossPrevention", "DATA_LOSS_PREVENTION"],
      ["microsoftDefenderForCloud", "MICROSOFT_DEFENDER_FOR_CLOUD"],
      ["microsoftSentinel", "MICROSOFT_SENTINEL"],
      ["microsoftThreatIntelligence", "MICROSOFT_THREAT_INTELLIGENCE"],
    ],
  },
  detectionSource: {
    map: DetectionSourceMap,
    cases: [
      ["unknown", null],
      ["microsoftDefenderForEndpoint", "WINDOWS_DEFENDER_ATP"],
      ["antivirus", "WINDOWS_DEFENDER_AV"],
      ["smartScreen", "WINDOWS_DEFENDER_SMART_SCREEN"],
      ["customTi", "CUSTOMER_TI"],
      ["microsoftDefenderForOffice365", "OFFICE_ATP"],
      ["automatedInvestigation", "AUTOMATED_INVESTIGATION"],
      ["microsoftThreatExperts", "THREAT_EXPERTS"],
      ["customDetection", "CUSTOM_DETECTION"],
      ["microsoftDefenderForIdentity", "MICROSOFT_DEFENDER_FOR_IDENTITY"],
      ["cloudAppSecurity", "CLOUD_APP_SECURITY"],
      ["microsoft365Defender", "MTP"],
      ["azureAdIdentityProtection", "AZURE_AD_IDENTITY_PROTECTION"],
      ["manual", "MANUAL"],
      ["microsoftDataLossPrevention", "MICROSOFT_DATA_LOSS_PREVENTION"],
      ["appGovernancePolicy", "APP_GOVERNANCE_POLICY"],
      ["appGovernanceDetection", "APP_GOVERNANCE_DETECTION"],
      ["microsoftDefenderForCloud", "MICROSOFT_DEFENDER_FOR_CLOUD"],
      ["microsoftDefenderForIoT", "MICROSOFT_DEFENDER_FOR_IOT"],
      ["microsoftDefenderForServers", "MICROSOFT_DEFENDER_FOR_SERVERS"],
      ["microsoftDefenderForStorage", "MICROSOFT_DEFENDER_FOR_STORAGE"],
      ["microsoftDefenderForDNS", "MICROSOFT_DEFENDER_FOR_DNS"],
      ["microsoftDefenderForDatabases", "MICROSOFT_DEFENDER_FOR_DATABASES"],
      ["microsoftDefenderForContainers", "MICROSOFT_DEFENDER_FOR_CONTAINERS"],
      ["microsoftDefenderForNetwork", "MICROSOFT_DEFENDER_FOR_NETWORK"],
      ["microsoftDefenderForAppService", "MICROSOFT_DEFENDER_FOR_APP_SERVICE"],
      ["microsoftDefenderForKeyVault", "MICROSOFT_DEFENDER_FOR_KEY_VAULT"],
      ["microsoftDefenderForResourceManager", "MICROSOFT_DEFENDER_FOR_RESOURCE_MANAGER"],
      ["microsoftDefenderForApiManagement", "MICROSOFT_DEFENDER_FOR_API_MANAGEMENT"],
    ],
  },
  incidentStatus: {
    map: IncidentStatusMap,
    cases: [
      ["active", "ACTIVE"],
      ["resolved", "RESOLVED"],
      ["inProgress", "IN_PROGRESS"],
      ["redirected", "REDIRECTED"],
      ["awaitingAction", "AWAITING_ACTION"],
    ],
  },
  verdict: {
    map: EvidenceVerdictMap,
    cases: [
      ["unknown", null],
      ["suspicious", "SUSPICIOUS"],
      ["malicious", "MALICIOUS"],
      ["noThreatsFound", "NO_THREATS_FOUND"],
    ],
  },
};

/** Every Defender spelling of the alert page, plus the update page's and the alert page's odd ones. */
const DEFENDER: Record<string, { map: EnumMapping<string>; cases: [string, string | null][] }> = {
  severity: {
    map: AlertSeverityMap,
    cases: [
      ["UnSpecified", "UNSPECIFIED"],
      ["Informational", "INFORMATIONAL"],
      ["Low", "LOW"],
      ["Medium", "MEDIUM"],
      ["High", "HIGH"],
    ],
  },
  status: {
    map: AlertStatusMap,
    cases: [
      ["Unknown", "UNKNOWN"],
      ["New", "NEW"],
      ["InProgress", "IN_PROGRESS"],
      ["Resolved", "RESOLVED"],
    ],
  },
  classification: {
    map: AlertClassificationMap,
    cases: [
      ["TruePositive", "TRUE_POSITIVE"],
      ["InformationalExpectedActivity", "INFORMATIONAL_EXPECTED_ACTIVITY"],
      ["Informational, expected activity", "INFORMATIONAL_EXPECTED_ACTIVITY"],
      ["FalsePositive", "FALSE_POSITIVE"],
    ],
  },
  determination: {
    map: AlertDeterminationMap,
    cases: [
      ["MultiStagedAttack", "MULTI_STAGED_ATTACK"],
      ["MaliciousUserActivity", "MALICIOUS_USER_ACTIVITY"],
      ["CompromisedUser", "COMPROMISED_USER"],
      ["Malware", "MALWARE"],
      ["Phishing", "PHISHING"],
      ["UnwantedSoftware", "UNWANTED_SOFTWARE"],
      ["SecurityTesting", "SECURITY_TESTING"],
      ["LineOfBusinessApplication", "LINE_OF_BUSINESS_APPLICATION"],
      ["ConfirmedUserActivity", "CONFIRMED_USER_ACTIVITY"],
      ["ConfirmedActivity", "CONFIRMED_USER_ACTIVITY"],
      ["Clean", "CLEAN"],
      ["NotMalicious", "CLEAN"],
      ["InsufficientData", "INSUFFICIENT_DATA"],
      ["Other", "OTHER"],
      ["Apt", "APT"],
      ["SecurityPersonnel", "SECURITY_PERSONNEL"],
    ],
  },
  detectionSource: {
    map: DetectionSourceMap,
    cases: [
      ["ThirdPartySensors", "THIRD_PARTY_SENSORS"],
      ["WindowsDefenderAv", "WINDOWS_DEFENDER_AV"],
      ["AutomatedInvestigation", "AUTOMATED_INVESTIGATION"],
      ["CustomDetection", "CUSTOM_DETECTION"],
      ["CustomerTI", "CUSTOMER_TI"],
      ["WindowsDefenderAtp", "WINDOWS_DEFENDER_ATP"],
      ["MTP", "MTP"],
      ["OfficeATP", "OFFICE_ATP"],
      ["ThreatExperts", "THREAT_EXPERTS"],
      ["WindowsDefenderSmartScreen", "WINDOWS_DEFENDER_SMART_SCREEN"],
    ],
  },
};

describe("enum mapping", () => {
  for (const [name, { map, cases }] of Object.entries(GRAPH)) {
    it(`Graph ${name}: every documented member, unknownFutureValue and a newer member`, () => {
      for (const [raw, value] of cases) expect(map.fromGraph(raw), raw).toEqual({ value, raw });
      expect(map.fromGraph("unknownFutureValue")).toEqual({ value: "UNKNOWN", raw: "unknownFutureValue" });
      expect(map.fromGraph("someMemberFrom2030")).toEqual({ value: "UNKNOWN", raw: "someMemberFrom2030" });
      expect(map.fromGraph(null)).toEqual({ value: null, raw: null });
      // every gateway value is reachable from Graph, except the legacy-only ones
      const reached = new Set(cases.map(([, v]) => v));
      const legacyOnly = new Set(["THIRD_PARTY_SENSORS"]);
      for (const v of map.values) if (!legacyOnly.has(v)) expect(reached.has(v), `${name} ${v}`).toBe(true);
    });
  }

  for (const [name, { map, cases }] of Object.entries(DEFENDER)) {
    it(`Defender ${name}: every documented value (both doc spellings) and an unknown one`, () => {
      for (const [raw, value] of cases) expect(map.fromDefender(raw), raw).toEqual({ value, raw });
      expect(map.fromDefender("SomethingNew")).toEqual({ value: "UNKNOWN", raw: "SomethingNew" });
      expect(map.fromDefender(undefined)).toEqual({ value: null, raw: null });
    });
  }

  it("the Defender tables cover every value the wire types list", () => {
    for (const s of DEFENDER_SEVERITIES) expect(AlertSeverityMap.fromDefender(s).value).not.toBe("UNKNOWN");
    for (const s of DEFENDER_STATUSES.filter((s) => s !== "Unknown")) expect(AlertStatusMap.fromDefender(s).value).not.toBe("UNKNOWN");
    for (const s of DEFENDER_CLASSIFICATIONS) expect(AlertClassificationMap.fromDefender(s).value).not.toBe("UNKNOWN");
    for (const s of DEFENDER_DETERMINATIONS) expect(AlertDeterminationMap.fromDefender(s).value).not.toBe("UNKNOWN");
    for (const s of DEFENDER_DETECTION_SOURCES) expect(DetectionSourceMap.fromDefender(s).value).not.toBe("UNKNOWN");
  });

  it("patches use each API's update spellings", () => {
    expect(defenderAlertPatch({ determination: "CLEAN", classification: "FALSE_POSITIVE", status: "IN_PROGRESS" })).toEqual({
      determination: "NotMalicious",
      classification: "FalsePositive",
      status: "InProgress",
    });
    expect(defenderAlertPatch({ determination: "CONFIRMED_USER_ACTIVITY", comment: "c" })).toEqual({
      determination: "ConfirmedActivity",
      comment: "c",
    });
    expect(
      graphAlertPatch({
        determination: "COMPROMISED_USER",
        classification: "INFORMATIONAL_EXPECTED_ACTIVITY",
        status: "RESOLVED",
        assignedTo: "x",
      }),
    ).toEqual({
      determination: "compromisedUser",
      classification: "informationalExpectedActivity",
      status: "resolved",
      assignedTo: "x",
    });
    expect(graphIncidentPatch({ status: "AWAITING_ACTION", customTags: ["a"] })).toEqual({ status: "awaitingAction", customTags: ["a"] });
  });
});

const ev = (type: string, extra: Record<string, unknown> = {}) => ({
  "@odata.type": `#microsoft.graph.security.${type}`,
  createdDateTime: "2026-11-01T10:00:00Z",
  verdict: "malicious",
  remediationStatus: "remediated",
  roles: ["attacker"],
  detailedRoles: ["PrimaryDevice"],
  tags: ["t"],
  ...extra,
});

describe("Graph evidence", () => {
  it("maps every modelled kind and keeps unknown kinds as generic raw JSON", () => {
    const kinds = [
      graphEvidence(
        ev("deviceEvidence", {
          mdeDeviceId: "m1",
          deviceDnsName: "ws1",
          rbacGroupName: null,
          ipInterfaces: ["10.0.0.1"],
          loggedOnUsers: [{ accountName: "bob", domainName: "C" }],
        }),
      ),
      graphEvidence(ev("fileEvidence", { fileDetails: { sha256: "ab", fileName: "x.exe", fileSize: 12 }, detectionStatus: "detected" })),
      graphEvidence(ev("processEvidence", { processId: 4, imageFile: { fileName: "p.exe" }, userAccount: { accountName: "svc" } })),
      graphEvidence(ev("userEvidence", { userAccount: { accountName: "bob", userPrincipalName: "bob@x" } })),
      graphEvidence(ev("ipEvidence", { ipAddress: "1.2.3.4", countryLetterCode: "DE" })),
      graphEvidence(ev("urlEvidence", { url: "https://evil.example" })),
      graphEvidence(ev("registryKeyEvidence", { registryKey: "HKLM\\Run", registryHive: "HKEY_LOCAL_MACHINE" })),
      graphEvidence(
        ev("registryValueEvidence", { registryKey: "k", registryValueName: "n", registryValue: "v", registryValueType: "String" }),
      ),
      graphEvidence(ev("mailboxEvidence", { primaryAddress: "a@b", displayName: "A" })),
      graphEvidence(ev("cloudApplicationEvidence", { appId: 42, displayName: "Salesforce" })),
    ];
    expect(kinds.map((k) => k.kind)).toEqual([
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
    expect(kinds[0]).toMatchObject({
      mdeDeviceId: "m1",
      deviceDnsName: "ws1",
      rbacGroupName: null,
      ipAddresses: ["10.0.0.1"],
      verdict: "MALICIOUS",
      roles: ["attacker"],
    });
    expect(kinds[1]).toMatchObject({ fileDetails: { sha256: "ab", fileName: "x.exe", fileSize: 12, sha1: null } });
    expect(kinds[2]).toMatchObject({ processId: 4, imageFile: { fileName: "p.exe" }, userAccount: { accountName: "svc" } });
    expect(kinds[9]).toMatchObject({
      kind: "generic",
      type: "#microsoft.graph.security.cloudApplicationEvidence",
      raw: { appId: 42, displayName: "Salesforce" },
    });
    // a verdict newer than this gateway is kept raw
    expect(graphEvidence(ev("ipEvidence", { verdict: "unknownFutureValue" }))).toMatchObject({
      verdict: "UNKNOWN",
      verdictRaw: "unknownFutureValue",
    });
  });
});

describe("alerts and incidents", () => {
  it("maps a Graph alert with messy data and unknown enum members without failing", () => {
    const a = graphAlert({
      id: "da638400112233_1",
      incidentId: null,
      status: "inProgress",
      severity: "unknownFutureValue",
      classification: null,
      determination: "unknown",
      serviceSource: "microsoftDefenderForCloud",
      detectionSource: "nrtAlerts",
      title: "Suspicious PowerShell",
      assignedTo: "Automation",
      threatFamilyName: null,
      lastUpdateDateTime: "2026-11-29T10:00:00.0012345Z",
      comments: [{ comment: "hi", createdByDisplayName: "Alice", createdDateTime: "2026-11-29T10:00:00Z" }],
      evidence: [ev("deviceEvidence", { deviceDnsName: "ws1" })],
      mitreTechniques: ["T1059"],
    });
    expect(a).toMatchObject({
      source: "graph",
      status: "IN_PROGRESS",
      statusRaw: "inProgress",
      severity: "UNKNOWN",
      severityRaw: "unknownFutureValue",
      classification: null,
      determination: null,
      determinationRaw: "unknown",
      serviceSource: "MICROSOFT_DEFENDER_FOR_CLOUD",
      detectionSource: "UNKNOWN",
      detectionSourceRaw: "nrtAlerts",
      assignedTo: "Automation",
      incidentId: null,
      comments: [{ comment: "hi", createdByDisplayName: "Alice" }],
    });
    expect(a.evidence[0]).toMatchObject({ kind: "device", deviceDnsName: "ws1" });
  });

  it("maps a legacy alert: numbers become strings, the device becomes a deviceEvidence, flat evidence rows become typed", () => {
    const row = (entityType: string, extra: Partial<DefenderEvidence>): DefenderEvidence => ({
      entityType,
      evidenceCreationTime: "2025-03-02T09:14:00Z",
      sha1: null,
      sha256: null,
      fileName: null,
      filePath: null,
      processId: null,
      processCommandLine: null,
      processCreationTime: null,
      parentProcessId: null,
      parentProcessCreationTime: null,
      parentProcessFileName: null,
      parentProcessFilePath: null,
      ipAddress: null,
      url: null,
      registryKey: null,
      registryHive: null,
      registryValueType: null,
      registryValue: null,
      accountName: null,
      domainName: null,
      userSid: null,
      aadUserId: null,
      userPrincipalName: null,
      detectionStatus: null,
      ...extra,
    });
    const legacy: DefenderAlert = {
      id: "da1",
      incidentId: 48213,
      investigationId: 9921,
      assignedTo: null,
      severity: "High",
      status: "New",
      classification: "Informational, expected activity",
      determination: "NotMalicious",
      investigationState: "PendingApproval",
      detectionSource: "WindowsDefenderAtp",
      detectorId: null,
      category: "Execution",
      threatFamilyName: null,
      threatName: "HackTool:Win32/Mimikatz",
      title: "t",
      description: null,
      alertCreationTime: "2025-03-02T09:14:05Z",
      firstEventTime: null,
      lastEventTime: null,
      lastUpdateTime: "2025-03-02T09:30:11.45Z",
      resolvedTime: null,
      machineId: "m1",
      computerDnsName: "fin-ws-042",
      rbacGroupName: null,
      aadTenantId: "t1",
      mitreTechniques: ["T1003"],
      relatedUser: { userName: "bob", domainName: "CONTOSO" },
      comments: [{ comment: "c", createdBy: "a@b", createdTime: "2025-03-02T09:20:00Z" }],
      evidence: [
        row("File", { sha256: "ab", fileName: "x.exe", detectionStatus: "Detected" }),
        row("Process", { processId: 7, fileName: "p.exe", accountName: "bob" }),
        row("User", { accountName: "bob", domainName: "CONTOSO" }),
        row("Ip", { ipAddress: "1.2.3.4" }),
        row("Url", { url: "https://x" }),
        row("Registry", { registryKey: "k", registryValue: "v" }),
        row("Registry", { registryKey: "k2" }),
        row("MailBox", { userPrincipalName: "a@b" }),
        row("SecurityGroup", {}),
      ],
    };
    const a = defenderAlert(legacy);
    expect(a).toMatchObject({
      source: "defender",
      incidentId: "48213",
      investigationId: "9921",
      classification: "INFORMATIONAL_EXPECTED_ACTIVITY",
      determination: "CLEAN",
      determinationRaw: "NotMalicious",
      detectionSource: "WINDOWS_DEFENDER_ATP",
      serviceSource: "MICROSOFT_DEFENDER_FOR_ENDPOINT",
      threatDisplayName: "HackTool:Win32/Mimikatz",
      lastUpdateDateTime: "2025-03-02T09:30:11.45Z",
      comments: [{ comment: "c", createdByDisplayName: "a@b", createdDateTime: "2025-03-02T09:20:00Z" }],
    });
    expect(a.evidence.map((e) => e.kind)).toEqual([
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
    expect(a.evidence[0]).toMatchObject({
      mdeDeviceId: "m1",
      deviceDnsName: "fin-ws-042",
      rbacGroupName: null,
      loggedOnUsers: [{ accountName: "bob" }],
    });
    expect(a.evidence[2]).toMatchObject({
      processId: 7,
      imageFile: { fileName: "p.exe" },
      userAccount: { accountName: "bob" },
      mdeDeviceId: "m1",
    });
    expect(defenderEvidence(row("Ip", {}), null)).toMatchObject({ kind: "ip", verdict: null, roles: [] });
  });

  it("maps an incident, including a merged one and a status newer than this gateway", () => {
    expect(
      graphIncident({
        id: "1",
        status: "redirected",
        redirectIncidentId: "2",
        severity: "high",
        alerts: [{ id: "a1" }, { id: "a2" }],
        customTags: ["x"],
        priorityScore: 80,
      }),
    ).toMatchObject({
      status: "REDIRECTED",
      redirectIncidentId: "2",
      severity: "HIGH",
      alertIds: ["a1", "a2"],
      customTags: ["x"],
      priorityScore: 80,
    });
    expect(graphIncident({ id: "3", status: "somethingNew" })).toMatchObject({
      status: "UNKNOWN",
      statusRaw: "somethingNew",
      alertIds: [],
    });
  });
});

describe("which API a tenant is on", () => {
  it("the tenant's own upstreamApi wins over the default; legacy tenants get a warning naming the retirement date", () => {
    expect(upstreamApiOf({ upstreamApi: "defender" }, "graph")).toBe("defender");
    expect(upstreamApiOf({}, "graph")).toBe("graph");
    expect(upstreamApiOf(undefined, "defender")).toBe("defender");
    const warnings: [Record<string, unknown>, string][] = [];
    const legacy = warnLegacyTenants([{ id: "a" }, { id: "b", upstreamApi: "defender" }, { id: "c", upstreamApi: "graph" }], "graph", {
      warn: (o, m) => warnings.push([o, m]),
    });
    expect(legacy).toEqual(["b"]);
    expect(warnings).toEqual([
      [{ tenantId: "b", upstreamApi: "defender", retiresAfter: "2027-02-01" }, expect.stringContaining("stops working after 2027-02-01")],
    ]);
  });
});
