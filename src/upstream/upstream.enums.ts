/**
 * The gateway's enum values (SCREAMING_CASE) and how each upstream spelling maps onto them: Graph's camelCase
 * evolvable enums and the Defender API's PascalCase. One table per enum, so a value added upstream is one line here.
 *
 * Rules shared by every enum:
 * - lookups ignore case (the Defender API's pages disagree on case and spelling);
 * - a spelling not in the table (Graph's `unknownFutureValue`, a member newer than this gateway, an unexpected legacy
 *   value) maps to `UNKNOWN`, never to an error; the model keeps the raw spelling beside the value;
 * - `null` means "not set" (e.g. an alert nobody classified yet) and stays null.
 */

export const UNKNOWN = "UNKNOWN" as const;
export type Unknown = typeof UNKNOWN;

/** A normalized enum value plus the upstream spelling it came from (null when upstream sent null). */
export interface Normalized<V extends string> {
  value: V | Unknown | null;
  raw: string | null;
}

/** Spelling → gateway value; `null` maps a documented "not set" member (Graph `unknown` classification) to null. */
type Spellings<V extends string> = Readonly<Record<string, V | null>>;

export interface EnumMapping<V extends string> {
  /** Every gateway value except UNKNOWN, in documentation order. */
  readonly values: readonly V[];
  fromGraph(raw: string | null | undefined): Normalized<V>;
  fromDefender(raw: string | null | undefined): Normalized<V>;
  /** Gateway value → Graph spelling to send in a PATCH; undefined when Graph cannot take it. */
  toGraph(value: V): string | undefined;
  /** Gateway value → Defender update-API spelling; undefined when the update API cannot take it. */
  toDefender(value: V): string | undefined;
}

function enumMapping<V extends string>(
  values: readonly V[],
  graph: Spellings<V>,
  defender: Spellings<V>,
  /** Spellings to send; the first spelling in each table wins otherwise. */
  send: { graph?: Partial<Record<V, string>>; defender?: Partial<Record<V, string>> } = {},
): EnumMapping<V> {
  const lower = (t: Spellings<V>) => new Map(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v]));
  const g = lower(graph);
  const d = lower(defender);
  const reverse = (t: Spellings<V>, preferred: Partial<Record<V, string>> = {}) => {
    const out = new Map<V, string>();
    for (const [spelling, v] of Object.entries(t)) if (v !== null && !out.has(v)) out.set(v, spelling);
    for (const [v, spelling] of Object.entries(preferred) as [V, string][]) out.set(v, spelling);
    return out;
  };
  const toG = reverse(graph, send.graph);
  const toD = reverse(defender, send.defender);
  const from =
    (table: Map<string, V | null>) =>
    (raw: string | null | undefined): Normalized<V> => {
      if (raw === null || raw === undefined) return { value: null, raw: null };
      const hit = table.get(raw.trim().toLowerCase());
      return { value: hit === undefined ? UNKNOWN : hit, raw };
    };
  return { values, fromGraph: from(g), fromDefender: from(d), toGraph: (v) => toG.get(v), toDefender: (v) => toD.get(v) };
}

export const ALERT_SEVERITIES = ["UNSPECIFIED", "INFORMATIONAL", "LOW", "MEDIUM", "HIGH"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
/** Graph `unknown` is the documented "no severity" member: the same meaning as Defender's `UnSpecified`. */
export const AlertSeverityMap = enumMapping<AlertSeverity>(
  ALERT_SEVERITIES,
  { unknown: "UNSPECIFIED", informational: "INFORMATIONAL", low: "LOW", medium: "MEDIUM", high: "HIGH" },
  { UnSpecified: "UNSPECIFIED", Informational: "INFORMATIONAL", Low: "LOW", Medium: "MEDIUM", High: "HIGH" },
);

/** `UNKNOWN` doubles as the documented `unknown` status of both APIs (the GraphQL enum already works that way). */
export const ALERT_STATUSES = ["UNKNOWN", "NEW", "IN_PROGRESS", "RESOLVED"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const AlertStatusMap = enumMapping<AlertStatus>(
  ALERT_STATUSES,
  { unknown: "UNKNOWN", new: "NEW", inProgress: "IN_PROGRESS", resolved: "RESOLVED" },
  { Unknown: "UNKNOWN", New: "NEW", InProgress: "IN_PROGRESS", Resolved: "RESOLVED" },
);

export const ALERT_CLASSIFICATIONS = ["TRUE_POSITIVE", "INFORMATIONAL_EXPECTED_ACTIVITY", "FALSE_POSITIVE"] as const;
export type AlertClassification = (typeof ALERT_CLASSIFICATIONS)[number];
/** Graph says `unknown` where the Defender API says null: "not classified yet". Both become null. */
export const AlertClassificationMap = enumMapping<AlertClassification>(
  ALERT_CLASSIFICATIONS,
  {
    unknown: null,
    truePositive: "TRUE_POSITIVE",
    informationalExpectedActivity: "INFORMATIONAL_EXPECTED_ACTIVITY",
    falsePositive: "FALSE_POSITIVE",
  },
  {
    TruePositive: "TRUE_POSITIVE",
    InformationalExpectedActivity: "INFORMATIONAL_EXPECTED_ACTIVITY",
    // the alert page's spelling
    "Informational, expected activity": "INFORMATIONAL_EXPECTED_ACTIVITY",
    FalsePositive: "FALSE_POSITIVE",
  },
);

export const ALERT_DETERMINATIONS = [
  "MULTI_STAGED_ATTACK",
  "MALICIOUS_USER_ACTIVITY",
  "COMPROMISED_USER",
  "MALWARE",
  "PHISHING",
  "UNWANTED_SOFTWARE",
  "SECURITY_TESTING",
  "LINE_OF_BUSINESS_APPLICATION",
  "CONFIRMED_USER_ACTIVITY",
  "CLEAN",
  "INSUFFICIENT_DATA",
  "OTHER",
  "APT",
  "SECURITY_PERSONNEL",
] as const;
export type AlertDetermination = (typeof ALERT_DETERMINATIONS)[number];
/**
 * Graph renamed members between doc versions (`compromisedUser` → `compromisedAccount`, `clean` → `notMalicious`,
 * `insufficientData` → `notEnoughDataToValidate`, `confirmedUserActivity` → `confirmedActivity`); both spellings map
 * to the value the GraphQL schema already publishes. The Defender update API spells two values differently from the
 * alert page (`ConfirmedActivity`, `NotMalicious`): updates must send those (see `toDefender`).
 */
export const AlertDeterminationMap = enumMapping<AlertDetermination>(
  ALERT_DETERMINATIONS,
  {
    unknown: null,
    apt: "APT",
    malware: "MALWARE",
    securityPersonnel: "SECURITY_PERSONNEL",
    securityTesting: "SECURITY_TESTING",
    unwantedSoftware: "UNWANTED_SOFTWARE",
    other: "OTHER",
    multiStagedAttack: "MULTI_STAGED_ATTACK",
    compromisedAccount: "COMPROMISED_USER",
    compromisedUser: "COMPROMISED_USER",
    phishing: "PHISHING",
    maliciousUserActivity: "MALICIOUS_USER_ACTIVITY",
    notMalicious: "CLEAN",
    clean: "CLEAN",
    notEnoughDataToValidate: "INSUFFICIENT_DATA",
    insufficientData: "INSUFFICIENT_DATA",
    confirmedActivity: "CONFIRMED_USER_ACTIVITY",
    confirmedUserActivity: "CONFIRMED_USER_ACTIVITY",
    lineOfBusinessApplication: "LINE_OF_BUSINESS_APPLICATION",
  },
  {
    MultiStagedAttack: "MULTI_STAGED_ATTACK",
    MaliciousUserActivity: "MALICIOUS_USER_ACTIVITY",
    CompromisedUser: "COMPROMISED_USER",
    Malware: "MALWARE",
    Phishing: "PHISHING",
    UnwantedSoftware: "UNWANTED_SOFTWARE",
    SecurityTesting: "SECURITY_TESTING",
    LineOfBusinessApplication: "LINE_OF_BUSINESS_APPLICATION",
    ConfirmedUserActivity: "CONFIRMED_USER_ACTIVITY",
    ConfirmedActivity: "CONFIRMED_USER_ACTIVITY",
    Clean: "CLEAN",
    NotMalicious: "CLEAN",
    InsufficientData: "INSUFFICIENT_DATA",
    Other: "OTHER",
    Apt: "APT",
    SecurityPersonnel: "SECURITY_PERSONNEL",
  },
  {
    // what v1.0 documents today; the older spellings are still read
    // Graph v1.0's documented PATCH members (the newer names are read, but v1.0 documents these for writes).
    graph: {
      COMPROMISED_USER: "compromisedUser",
      CLEAN: "clean",
      INSUFFICIENT_DATA: "insufficientData",
      CONFIRMED_USER_ACTIVITY: "confirmedUserActivity",
    },
    // the update API's spellings (PATCH /api/alerts/{id}), not the alert page's
    defender: { CONFIRMED_USER_ACTIVITY: "ConfirmedActivity", CLEAN: "NotMalicious" },
  },
);

export const SERVICE_SOURCES = [
  "MICROSOFT_DEFENDER_FOR_ENDPOINT",
  "MICROSOFT_DEFENDER_FOR_IDENTITY",
  "MICROSOFT_DEFENDER_FOR_CLOUD_APPS",
  "MICROSOFT_DEFENDER_FOR_OFFICE365",
  "MICROSOFT365_DEFENDER",
  "AZURE_AD_IDENTITY_PROTECTION",
  "MICROSOFT_APP_GOVERNANCE",
  "DATA_LOSS_PREVENTION",
  "MICROSOFT_DEFENDER_FOR_CLOUD",
  "MICROSOFT_SENTINEL",
  "MICROSOFT_THREAT_INTELLIGENCE",
] as const;
export type ServiceSource = (typeof SERVICE_SOURCES)[number];
/** The Defender API has no `serviceSource`: its alerts are endpoint alerts (the source maps null to that). */
export const ServiceSourceMap = enumMapping<ServiceSource>(
  SERVICE_SOURCES,
  {
    unknown: null,
    microsoftDefenderForEndpoint: "MICROSOFT_DEFENDER_FOR_ENDPOINT",
    microsoftDefenderForIdentity: "MICROSOFT_DEFENDER_FOR_IDENTITY",
    microsoftDefenderForCloudApps: "MICROSOFT_DEFENDER_FOR_CLOUD_APPS",
    microsoftDefenderForOffice365: "MICROSOFT_DEFENDER_FOR_OFFICE365",
    microsoft365Defender: "MICROSOFT365_DEFENDER",
    azureAdIdentityProtection: "AZURE_AD_IDENTITY_PROTECTION",
    microsoftAppGovernance: "MICROSOFT_APP_GOVERNANCE",
    dataLossPrevention: "DATA_LOSS_PREVENTION",
    microsoftDefenderForCloud: "MICROSOFT_DEFENDER_FOR_CLOUD",
    microsoftSentinel: "MICROSOFT_SENTINEL",
    microsoftThreatIntelligence: "MICROSOFT_THREAT_INTELLIGENCE",
  },
  {},
);

/**
 * Detection sources: the values the GraphQL schema already publishes (from the Defender API) keep their names, and
 * Graph's equivalents map onto them (`antivirus` is `WINDOWS_DEFENDER_AV`, `microsoftDefenderForEndpoint` the EDR
 * sensor `WINDOWS_DEFENDER_ATP`, `microsoft365Defender` is `MTP`, …); Graph-only sources get Graph-derived names.
 */
export const DETECTION_SOURCES = [
  "THIRD_PARTY_SENSORS",
  "WINDOWS_DEFENDER_AV",
  "AUTOMATED_INVESTIGATION",
  "CUSTOM_DETECTION",
  "CUSTOMER_TI",
  "WINDOWS_DEFENDER_ATP",
  "MTP",
  "OFFICE_ATP",
  "THREAT_EXPERTS",
  "WINDOWS_DEFENDER_SMART_SCREEN",
  "MICROSOFT_DEFENDER_FOR_IDENTITY",
  "CLOUD_APP_SECURITY",
  "AZURE_AD_IDENTITY_PROTECTION",
  "MANUAL",
  "MICROSOFT_DATA_LOSS_PREVENTION",
  "APP_GOVERNANCE_POLICY",
  "APP_GOVERNANCE_DETECTION",
  "MICROSOFT_DEFENDER_FOR_CLOUD",
  "MICROSOFT_DEFENDER_FOR_IOT",
  "MICROSOFT_DEFENDER_FOR_SERVERS",
  "MICROSOFT_DEFENDER_FOR_STORAGE",
  "MICROSOFT_DEFENDER_FOR_DNS",
  "MICROSOFT_DEFENDER_FOR_DATABASES",
  "MICROSOFT_DEFENDER_FOR_CONTAINERS",
  "MICROSOFT_DEFENDER_FOR_NETWORK",
  "MICROSOFT_DEFENDER_FOR_APP_SERVICE",
  "MICROSOFT_DEFENDER_FOR_KEY_VAULT",
  "MICROSOFT_DEFENDER_FOR_RESOURCE_MANAGER",
  "MICROSOFT_DEFENDER_FOR_API_MANAGEMENT",
] as const;
export type DetectionSource = (typeof DETECTION_SOURCES)[number];
export const DetectionSourceMap = enumMapping<DetectionSource>(
  DETECTION_SOURCES,
  {
    unknown: null,
    microsoftDefenderForEndpoint: "WINDOWS_DEFENDER_ATP",
    antivirus: "WINDOWS_DEFENDER_AV",
    smartScreen: "WINDOWS_DEFENDER_SMART_SCREEN",
    customTi: "CUSTOMER_TI",
    microsoftDefenderForOffice365: "OFFICE_ATP",
    automatedInvestigation: "AUTOMATED_INVESTIGATION",
    microsoftThreatExperts: "THREAT_EXPERTS",
    customDetection: "CUSTOM_DETECTION",
    microsoftDefenderForIdentity: "MICROSOFT_DEFENDER_FOR_IDENTITY",
    cloudAppSecurity: "CLOUD_APP_SECURITY",
    microsoft365Defender: "MTP",
    azureAdIdentityProtection: "AZURE_AD_IDENTITY_PROTECTION",
    manual: "MANUAL",
    microsoftDataLossPrevention: "MICROSOFT_DATA_LOSS_PREVENTION",
    appGovernancePolicy: "APP_GOVERNANCE_POLICY",
    appGovernanceDetection: "APP_GOVERNANCE_DETECTION",
    microsoftDefenderForCloud: "MICROSOFT_DEFENDER_FOR_CLOUD",
    microsoftDefenderForIoT: "MICROSOFT_DEFENDER_FOR_IOT",
    microsoftDefenderForServers: "MICROSOFT_DEFENDER_FOR_SERVERS",
    microsoftDefenderForStorage: "MICROSOFT_DEFENDER_FOR_STORAGE",
    microsoftDefenderForDNS: "MICROSOFT_DEFENDER_FOR_DNS",
    microsoftDefenderForDatabases: "MICROSOFT_DEFENDER_FOR_DATABASES",
    microsoftDefenderForContainers: "MICROSOFT_DEFENDER_FOR_CONTAINERS",
    microsoftDefenderForNetwork: "MICROSOFT_DEFENDER_FOR_NETWORK",
    microsoftDefenderForAppService: "MICROSOFT_DEFENDER_FOR_APP_SERVICE",
    microsoftDefenderForKeyVault: "MICROSOFT_DEFENDER_FOR_KEY_VAULT",
    microsoftDefenderForResourceManager: "MICROSOFT_DEFENDER_FOR_RESOURCE_MANAGER",
    microsoftDefenderForApiManagement: "MICROSOFT_DEFENDER_FOR_API_MANAGEMENT",
  },
  {
    ThirdPartySensors: "THIRD_PARTY_SENSORS",
    WindowsDefenderAv: "WINDOWS_DEFENDER_AV",
    AutomatedInvestigation: "AUTOMATED_INVESTIGATION",
    CustomDetection: "CUSTOM_DETECTION",
    CustomerTI: "CUSTOMER_TI",
    WindowsDefenderAtp: "WINDOWS_DEFENDER_ATP",
    MTP: "MTP",
    OfficeATP: "OFFICE_ATP",
    ThreatExperts: "THREAT_EXPERTS",
    WindowsDefenderSmartScreen: "WINDOWS_DEFENDER_SMART_SCREEN",
  },
);

export const INCIDENT_STATUSES = ["ACTIVE", "RESOLVED", "IN_PROGRESS", "REDIRECTED", "AWAITING_ACTION"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** `awaitingAction` comes after `unknownFutureValue`: only sent with `Prefer: include-unknown-enum-members`. */
export const IncidentStatusMap = enumMapping<IncidentStatus>(
  INCIDENT_STATUSES,
  { active: "ACTIVE", resolved: "RESOLVED", inProgress: "IN_PROGRESS", redirected: "REDIRECTED", awaitingAction: "AWAITING_ACTION" },
  { Active: "ACTIVE", Resolved: "RESOLVED", InProgress: "IN_PROGRESS", Redirected: "REDIRECTED", AwaitingAction: "AWAITING_ACTION" },
);

export const EVIDENCE_VERDICTS = ["SUSPICIOUS", "MALICIOUS", "NO_THREATS_FOUND"] as const;
export type EvidenceVerdict = (typeof EVIDENCE_VERDICTS)[number];
export const EvidenceVerdictMap = enumMapping<EvidenceVerdict>(
  EVIDENCE_VERDICTS,
  { unknown: null, suspicious: "SUSPICIOUS", malicious: "MALICIOUS", noThreatsFound: "NO_THREATS_FOUND" },
  // the Defender API has no verdict (its `detectionStatus` stays on the evidence as it is)
  {},
);
