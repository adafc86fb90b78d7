import {
  DEFENDER_CLASSIFICATIONS,
  DEFENDER_DETECTION_SOURCES,
  DEFENDER_DETERMINATIONS,
  DEFENDER_INVESTIGATION_STATES,
  DEFENDER_SEVERITIES,
  DEFENDER_STATUSES,
} from "../../upstream/defender.types.js";
import { defenderEnum } from "../common/defender-enum.js";

export const AlertSeverity = defenderEnum(
  "AlertSeverity",
  "Alert severity (Defender `severity`).",
  DEFENDER_SEVERITIES,
  { UnSpecified: "UNSPECIFIED" },
  {},
  {
    UnSpecified: "Defender gave no severity.",
    Informational: "Not a threat by itself; context for an investigation.",
    Low: "Suspicious activity that is usually not harmful (e.g. prevalent tools, unusual but benign behaviour).",
    Medium: "Anomalous behaviour that may be part of an attack (e.g. suspicious registry changes); investigate.",
    High: "Likely an active attack that can do significant harm; act first on these.",
  },
);
export const AlertStatus = defenderEnum("AlertStatus", "Alert status (Defender `status`).", DEFENDER_STATUSES, {}, {}, {
  Unknown: "Defender reported no status.",
  New: "Not yet picked up by an analyst.",
  InProgress: "An analyst is working on it.",
  Resolved: "Closed; see `classification` and `determination` for the verdict.",
});
export const AlertClassification = defenderEnum(
  "AlertClassification",
  "Analyst classification of an alert (Defender `classification`).",
  DEFENDER_CLASSIFICATIONS,
  {},
  { "Informational, expected activity": "InformationalExpectedActivity" },
  {
    TruePositive: "A real threat.",
    InformationalExpectedActivity: "Real activity that is expected or harmless here (e.g. a security test, a sanctioned tool).",
    FalsePositive: "Raised wrongly: no such activity, or a detection error.",
  },
);
export const AlertDetermination = defenderEnum(
  "AlertDetermination",
  "Analyst determination of an alert (Defender `determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream.",
  DEFENDER_DETERMINATIONS,
  { Apt: "APT" },
  // The update-alert doc page spells two values differently; accept both on the way in.
  { ConfirmedActivity: "ConfirmedUserActivity", NotMalicious: "Clean" },
  {
    MultiStagedAttack: "True positive: several stages of an attack.",
    MaliciousUserActivity: "True positive: a user acting with malicious intent.",
    CompromisedUser: "True positive: a user account was compromised.",
    Malware: "True positive: malware.",
    Phishing: "True positive: phishing.",
    UnwantedSoftware: "True positive: potentially unwanted software.",
    SecurityTesting: "Expected activity: a security test (red team, penetration test).",
    LineOfBusinessApplication: "Expected activity: a line-of-business application behaving as designed.",
    ConfirmedUserActivity: "Expected activity: the user confirmed they did it.",
    Clean: "False positive: nothing malicious (Defender also spells it `NotMalicious`).",
    InsufficientData: "False positive: not enough data to decide.",
    Other: "Any other determination.",
    Apt: "Deprecated upstream (2022): advanced persistent threat. Found on old alerts; cannot be set.",
    SecurityPersonnel: "Deprecated upstream (2022): activity by security personnel. Found on old alerts; cannot be set.",
  },
);
export const InvestigationState = defenderEnum(
  "InvestigationState",
  "State of the automated investigation linked to the alert (Defender `investigationState`).",
  DEFENDER_INVESTIGATION_STATES,
  {},
  {},
  {
    Unknown: "Defender reported no investigation state.",
    Terminated: "The investigation was stopped.",
    SuccessfullyRemediated: "Threats were found and remediated.",
    Benign: "No threat was found.",
    Failed: "The investigation failed.",
    PartiallyRemediated: "Some threats were remediated, others remain.",
    Running: "The investigation is running.",
    PendingApproval: "Remediation actions wait for an analyst's approval in the Defender portal.",
    PendingResource: "Waiting for a device or resource to become available.",
    PartiallyInvestigated: "Only part of the entities could be investigated.",
    TerminatedByUser: "Stopped by a user.",
    TerminatedBySystem: "Stopped by Defender (e.g. a timeout).",
    Queued: "Waiting to start.",
    InnerFailure: "Failed inside one of its steps.",
    PreexistingAlert: "Not investigated: the alert existed before automated investigation was enabled.",
    UnsupportedOs: "Not investigated: the device's operating system is not supported.",
    UnsupportedAlertType: "Not investigated: this alert type is not supported by automated investigation.",
    SuppressedAlert: "Not investigated: the alert is suppressed.",
  },
);
export const DetectionSource = defenderEnum(
  "DetectionSource",
  "Which product or sensor raised the alert (Defender `detectionSource`).",
  DEFENDER_DETECTION_SOURCES,
  { MTP: "MTP", CustomerTI: "CUSTOMER_TI", OfficeATP: "OFFICE_ATP", WindowsDefenderAv: "WINDOWS_DEFENDER_AV", WindowsDefenderAtp: "WINDOWS_DEFENDER_ATP" },
  {},
  {
    ThirdPartySensors: "A third-party sensor integrated with Defender.",
    WindowsDefenderAv: "Microsoft Defender Antivirus.",
    AutomatedInvestigation: "Defender's automated investigation and response.",
    CustomDetection: "A custom detection rule (advanced hunting) of the customer.",
    CustomerTI: "The customer's own threat-intelligence indicators.",
    WindowsDefenderAtp: "Microsoft Defender for Endpoint (EDR).",
    MTP: "Microsoft Defender XDR (formerly Microsoft Threat Protection).",
    OfficeATP: "Microsoft Defender for Office 365.",
    ThreatExperts: "Microsoft Defender Experts (threat experts notification).",
    WindowsDefenderSmartScreen: "Microsoft Defender SmartScreen.",
  },
);
