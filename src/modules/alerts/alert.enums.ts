import { DEFENDER_INVESTIGATION_STATES } from "../../upstream/defender.types.js";
import {
  AlertClassificationMap,
  AlertDeterminationMap,
  AlertSeverityMap,
  AlertStatusMap,
  DetectionSourceMap,
  ServiceSourceMap,
} from "../../upstream/upstream.enums.js";
import { defenderEnum } from "../common/defender-enum.js";
import { gatewayEnum } from "../common/gateway-enum.js";

export const AlertSeverity = gatewayEnum("AlertSeverity", "Alert severity (Graph and Defender `severity`).", AlertSeverityMap, {
  UNSPECIFIED: "Upstream gave no severity (Graph `unknown`, Defender `UnSpecified`).",
  INFORMATIONAL: "Not a threat by itself; context for an investigation.",
  LOW: "Suspicious activity that is usually not harmful (e.g. prevalent tools, unusual but benign behaviour).",
  MEDIUM: "Anomalous behaviour that may be part of an attack (e.g. suspicious registry changes); investigate.",
  HIGH: "Likely an active attack that can do significant harm; act first on these.",
});
export const AlertStatus = gatewayEnum("AlertStatus", "Alert status (Graph and Defender `status`).", AlertStatusMap, {
  UNKNOWN: "Upstream reported no status, or one this gateway version does not know (see `statusRaw`).",
  NEW: "Not yet picked up by an analyst.",
  IN_PROGRESS: "An analyst is working on it.",
  RESOLVED: "Closed; see `classification` and `determination` for the verdict.",
});
export const AlertClassification = gatewayEnum(
  "AlertClassification",
  "Analyst classification of an alert (`classification`; null until set).",
  AlertClassificationMap,
  {
    TRUE_POSITIVE: "A real threat.",
    INFORMATIONAL_EXPECTED_ACTIVITY: "Real activity that is expected or harmless here (e.g. a security test, a sanctioned tool).",
    FALSE_POSITIVE: "Raised wrongly: no such activity, or a detection error.",
  },
);
export const AlertDetermination = gatewayEnum(
  "AlertDetermination",
  "Analyst determination of an alert (`determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream.",
  AlertDeterminationMap,
  {
    MULTI_STAGED_ATTACK: "True positive: several stages of an attack.",
    MALICIOUS_USER_ACTIVITY: "True positive: a user acting with malicious intent.",
    COMPROMISED_USER: "True positive: a user account was compromised (Graph `compromisedUser`, also read as `compromisedAccount`).",
    MALWARE: "True positive: malware.",
    PHISHING: "True positive: phishing.",
    UNWANTED_SOFTWARE: "True positive: potentially unwanted software.",
    SECURITY_TESTING: "Expected activity: a security test (red team, penetration test).",
    LINE_OF_BUSINESS_APPLICATION: "Expected activity: a line-of-business application behaving as designed.",
    CONFIRMED_USER_ACTIVITY:
      "Expected activity: the user confirmed they did it (Graph `confirmedUserActivity`; the Defender update API: `ConfirmedActivity`).",
    CLEAN: "False positive: nothing malicious (Graph `clean`; the Defender update API: `NotMalicious`).",
    INSUFFICIENT_DATA: "False positive: not enough data to decide (Graph `insufficientData`, also read as `notEnoughDataToValidate`).",
    OTHER: "Any other determination.",
    APT: "Deprecated upstream (2022): advanced persistent threat. Found on old alerts; cannot be set.",
    SECURITY_PERSONNEL: "Deprecated upstream (2022): activity by security personnel. Found on old alerts; cannot be set.",
  },
);
export const ServiceSource = gatewayEnum(
  "ServiceSource",
  "Which Microsoft security product the alert comes from (Graph `serviceSource`; legacy Defender for Endpoint alerts are `MICROSOFT_DEFENDER_FOR_ENDPOINT`).",
  ServiceSourceMap,
  {
    MICROSOFT_DEFENDER_FOR_ENDPOINT: "Microsoft Defender for Endpoint (devices).",
    MICROSOFT_DEFENDER_FOR_IDENTITY: "Microsoft Defender for Identity (on-premises Active Directory).",
    MICROSOFT_DEFENDER_FOR_CLOUD_APPS: "Microsoft Defender for Cloud Apps (SaaS and OAuth apps).",
    MICROSOFT_DEFENDER_FOR_OFFICE365: "Microsoft Defender for Office 365 (mail and collaboration).",
    MICROSOFT365_DEFENDER: "Microsoft Defender XDR itself (cross-product detections).",
    AZURE_AD_IDENTITY_PROTECTION: "Microsoft Entra ID Protection (risky sign-ins and users).",
    MICROSOFT_APP_GOVERNANCE: "App governance (OAuth app behaviour).",
    DATA_LOSS_PREVENTION: "Microsoft Purview data loss prevention.",
    MICROSOFT_DEFENDER_FOR_CLOUD: "Microsoft Defender for Cloud (workloads in Azure and other clouds).",
    MICROSOFT_SENTINEL: "Microsoft Sentinel (SIEM analytics rules).",
    MICROSOFT_THREAT_INTELLIGENCE: "Microsoft Threat Intelligence.",
  },
);

export const InvestigationState = defenderEnum(
  "InvestigationState",
  "State of the automated investigation linked to the alert (legacy Defender API `investigationState`; Graph v1.0 has none).",
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
export const DetectionSource = gatewayEnum(
  "DetectionSource",
  "Which product or sensor raised the alert (`detectionSource`; Graph's values map onto the Defender-era names where they mean the same).",
  DetectionSourceMap,
  {
    THIRD_PARTY_SENSORS: "A third-party sensor integrated with Defender.",
    WINDOWS_DEFENDER_AV: "Microsoft Defender Antivirus (Graph `antivirus`).",
    AUTOMATED_INVESTIGATION: "Defender's automated investigation and response.",
    CUSTOM_DETECTION: "A custom detection rule (advanced hunting) of the customer.",
    CUSTOMER_TI: "The customer's own threat-intelligence indicators (Graph `customTi`).",
    WINDOWS_DEFENDER_ATP: "Microsoft Defender for Endpoint (EDR; Graph `microsoftDefenderForEndpoint`).",
    MTP: "Microsoft Defender XDR (formerly Microsoft Threat Protection; Graph `microsoft365Defender`).",
    OFFICE_ATP: "Microsoft Defender for Office 365.",
    THREAT_EXPERTS: "Microsoft Defender Experts (threat experts notification).",
    WINDOWS_DEFENDER_SMART_SCREEN: "Microsoft Defender SmartScreen.",
    MICROSOFT_DEFENDER_FOR_IDENTITY: "Microsoft Defender for Identity.",
    CLOUD_APP_SECURITY: "Microsoft Defender for Cloud Apps.",
    AZURE_AD_IDENTITY_PROTECTION: "Microsoft Entra ID Protection.",
    MANUAL: "Created by hand.",
    MICROSOFT_DATA_LOSS_PREVENTION: "Microsoft Purview data loss prevention.",
    APP_GOVERNANCE_POLICY: "An app governance policy.",
    APP_GOVERNANCE_DETECTION: "An app governance detection.",
    MICROSOFT_DEFENDER_FOR_CLOUD: "Microsoft Defender for Cloud.",
    MICROSOFT_DEFENDER_FOR_IOT: "Microsoft Defender for IoT.",
    MICROSOFT_DEFENDER_FOR_SERVERS: "Microsoft Defender for Servers.",
    MICROSOFT_DEFENDER_FOR_STORAGE: "Microsoft Defender for Storage.",
    MICROSOFT_DEFENDER_FOR_DNS: "Microsoft Defender for DNS.",
    MICROSOFT_DEFENDER_FOR_DATABASES: "Microsoft Defender for Databases.",
    MICROSOFT_DEFENDER_FOR_CONTAINERS: "Microsoft Defender for Containers.",
    MICROSOFT_DEFENDER_FOR_NETWORK: "Microsoft Defender for Network.",
    MICROSOFT_DEFENDER_FOR_APP_SERVICE: "Microsoft Defender for App Service.",
    MICROSOFT_DEFENDER_FOR_KEY_VAULT: "Microsoft Defender for Key Vault.",
    MICROSOFT_DEFENDER_FOR_RESOURCE_MANAGER: "Microsoft Defender for Resource Manager.",
    MICROSOFT_DEFENDER_FOR_API_MANAGEMENT: "Microsoft Defender for API Management.",
  },
);
