/**
 * Alert templates of the Defender products other than Defender for Endpoint (identity, Office 365, cloud apps,
 * cloud, Entra ID Protection, Sentinel). These alerts exist only on the Graph face: the legacy Defender for
 * Endpoint API never returned them.
 */

/** Evidence a template attaches; `azureResource` and `analyzedMessage` are kinds the gateway does not model. */
export type XdrEvidenceKind = "user" | "ip" | "device" | "mailbox" | "url" | "analyzedMessage" | "cloudApplication" | "azureResource";

export interface XdrTemplate {
  serviceSource: string;
  detectionSource: string;
  productName: string;
  title: string;
  description: string;
  category: string;
  severities: readonly string[];
  mitreTechniques: readonly string[];
  threatFamilyName: string | null;
  actorDisplayName: string | null;
  recommendedActions: string;
  evidence: readonly XdrEvidenceKind[];
}

export const XDR_TEMPLATES: readonly XdrTemplate[] = [
  {
    serviceSource: "microsoftDefenderForIdentity",
    detectionSource: "microsoftDefenderForIdentity",
    productName: "Microsoft Defender for Identity",
    title: "Suspected brute-force attack (Kerberos, NTLM)",
    description: "Many authentication failures for several accounts came from one device within a short time.",
    category: "CredentialAccess",
    severities: ["medium", "high"],
    mitreTechniques: ["T1110", "T1110.003"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Reset the passwords of the guessed accounts and enforce MFA. Investigate the source device.",
    evidence: ["user", "device", "ip"],
  },
  {
    serviceSource: "microsoftDefenderForIdentity",
    detectionSource: "microsoftDefenderForIdentity",
    productName: "Microsoft Defender for Identity",
    title: "Suspected DCSync attack (replication of directory services)",
    description: "A non-domain-controller requested directory replication, which can expose every password hash.",
    category: "CredentialAccess",
    severities: ["high"],
    mitreTechniques: ["T1003.006"],
    threatFamilyName: null,
    actorDisplayName: "Storm-0501",
    recommendedActions: "Isolate the source computer, reset the krbtgt password twice and review replication permissions.",
    evidence: ["user", "device"],
  },
  {
    serviceSource: "microsoftDefenderForOffice365",
    detectionSource: "microsoftDefenderForOffice365",
    productName: "Microsoft Defender for Office 365",
    title: "Email messages containing malicious URL removed after delivery",
    description: "Messages with a URL later found malicious were delivered and then removed by zero-hour auto purge.",
    category: "InitialAccess",
    severities: ["informational", "medium"],
    mitreTechniques: ["T1566.002"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Check whether recipients clicked the URL; block the sender domain.",
    evidence: ["mailbox", "analyzedMessage", "url"],
  },
  {
    serviceSource: "microsoftDefenderForCloudApps",
    detectionSource: "cloudAppSecurity",
    productName: "Microsoft Defender for Cloud Apps",
    title: "Impossible travel activity",
    description: "The same user signed in from two countries within a time too short to travel between them.",
    category: "InitialAccess",
    severities: ["medium"],
    mitreTechniques: ["T1078"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Confirm with the user; revoke sessions and require a password change if not expected.",
    evidence: ["user", "ip", "cloudApplication"],
  },
  {
    serviceSource: "azureAdIdentityProtection",
    detectionSource: "azureAdIdentityProtection",
    productName: "Microsoft Entra ID Protection",
    title: "Unfamiliar sign-in properties",
    description: "A sign-in had properties (location, device, ASN) not seen before for this user.",
    category: "InitialAccess",
    severities: ["low", "medium"],
    mitreTechniques: ["T1078.004"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Review the user's recent sign-ins and confirm or dismiss the risk.",
    evidence: ["user", "ip"],
  },
  {
    // Members after unknownFutureValue: callers without `Prefer: include-unknown-enum-members` see unknownFutureValue.
    serviceSource: "microsoftDefenderForCloud",
    detectionSource: "microsoftDefenderForCloud",
    productName: "Microsoft Defender for Cloud",
    title: "Suspicious PowerShell activity detected on a virtual machine",
    description: "A PowerShell script with patterns of known attack frameworks ran on an Azure virtual machine.",
    category: "Execution",
    severities: ["medium", "high"],
    mitreTechniques: ["T1059.001"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Review the script, isolate the VM's network security group and rotate its credentials.",
    evidence: ["azureResource", "ip"],
  },
  {
    serviceSource: "microsoftSentinel",
    detectionSource: "microsoftSentinel",
    productName: "Microsoft Sentinel",
    title: "Multiple failed sign-ins followed by a successful sign-in",
    description: "A scheduled analytics rule found many failed sign-ins for one account followed by a success.",
    category: "CredentialAccess",
    severities: ["low", "medium", "high"],
    mitreTechniques: ["T1110"],
    threatFamilyName: null,
    actorDisplayName: null,
    recommendedActions: "Check the successful sign-in's location and device; reset the password if it was not the user.",
    evidence: ["user", "ip"],
  },
];

/** Assignees as real tenants have them: UPNs, display names, and automation accounts. */
export const FREE_TEXT_ASSIGNEES = ["Automation", "Alice Smith", "SOC Team", "carol@mssp.example"] as const;
