/**
 * Alert templates modelled on common MDE detections. Each template fixes what a real detector fixes (title,
 * category, source, techniques, evidence kinds); the generator randomises the rest.
 */

export type EvidenceKind = "Process" | "File" | "User" | "Ip" | "Url" | "Registry";

export interface AlertTemplate {
  title: string;
  description: string;
  category: string;
  detectionSource: string;
  severities: readonly string[];
  mitreTechniques: readonly string[];
  threatFamilyName: string | null;
  threatName: string | null;
  /** Evidence kinds in order of relevance; alerts get the first 1–3. */
  evidence: readonly EvidenceKind[];
  /** Process file name used for Process/File evidence. */
  fileName: string;
  commandLine: string;
  url?: string;
}

export const ALERT_TEMPLATES: readonly AlertTemplate[] = [
  {
    title: "Credential dumping tool detected",
    description: "A known credential theft tool was executed on the device. It can read credentials from LSASS memory.",
    category: "CredentialAccess",
    detectionSource: "WindowsDefenderAtp",
    severities: ["High"],
    mitreTechniques: ["T1003", "T1003.001"],
    threatFamilyName: "Mimikatz",
    threatName: "HackTool:Win32/Mimikatz",
    evidence: ["Process", "File", "User"],
    fileName: "m64.exe",
    commandLine: "m64.exe privilege::debug sekurlsa::logonpasswords exit",
  },
  {
    title: "Suspicious PowerShell command line",
    description: "A PowerShell process ran an obfuscated, encoded command often used to download and run payloads.",
    category: "Execution",
    detectionSource: "WindowsDefenderAtp",
    severities: ["Medium", "High"],
    mitreTechniques: ["T1059.001", "T1027"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Process", "User", "Url"],
    fileName: "powershell.exe",
    commandLine: "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAA=",
    url: "http://cdn-update.example.net/p.ps1",
  },
  {
    title: "'Emotet' malware was detected",
    description: "Microsoft Defender Antivirus detected and quarantined Emotet malware on the device.",
    category: "Malware",
    detectionSource: "WindowsDefenderAv",
    severities: ["Medium", "High"],
    mitreTechniques: [],
    threatFamilyName: "Emotet",
    threatName: "Trojan:Win32/Emotet.RPB!MTB",
    evidence: ["File", "Process", "User"],
    fileName: "invoice_0424.docm",
    commandLine: "WINWORD.EXE /n invoice_0424.docm",
  },
  {
    title: "Ransomware behavior detected in the file system",
    description: "A process modified many files in a short time and appended an unusual extension, typical of ransomware.",
    category: "Ransomware",
    detectionSource: "WindowsDefenderAtp",
    severities: ["High"],
    mitreTechniques: ["T1486", "T1490"],
    threatFamilyName: "LockBit",
    threatName: "Ransom:Win32/LockBit.PA!MTB",
    evidence: ["Process", "File", "Registry"],
    fileName: "svch0st.exe",
    commandLine: "svch0st.exe -path C:\\Shares -ext .lockbit",
  },
  {
    title: "Suspicious connection to a known command-and-control server",
    description: "The device connected to an IP address that threat intelligence associates with command-and-control activity.",
    category: "CommandAndControl",
    detectionSource: "CustomerTI",
    severities: ["Medium", "High"],
    mitreTechniques: ["T1071.001"],
    threatFamilyName: "CobaltStrike",
    threatName: null,
    evidence: ["Ip", "Process"],
    fileName: "rundll32.exe",
    commandLine: "rundll32.exe C:\\ProgramData\\upd.dll,Start",
  },
  {
    title: "Suspicious scheduled task created",
    description: "A scheduled task was created that runs a script from a user-writable folder at logon.",
    category: "Persistence",
    detectionSource: "WindowsDefenderAtp",
    severities: ["Low", "Medium"],
    mitreTechniques: ["T1053.005"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Process", "Registry", "User"],
    fileName: "schtasks.exe",
    commandLine: 'schtasks.exe /create /tn "OneDrive Sync" /tr C:\\Users\\Public\\sync.vbs /sc onlogon',
  },
  {
    title: "Phishing link clicked from email",
    description: "A user opened a URL that Microsoft Defender for Office 365 later classified as phishing.",
    category: "InitialAccess",
    detectionSource: "OfficeATP",
    severities: ["Medium"],
    mitreTechniques: ["T1566.002"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Url", "User"],
    fileName: "msedge.exe",
    commandLine: "msedge.exe --single-argument https://login-micros0ft.example.com/",
    url: "https://login-micros0ft.example.com/common/oauth2",
  },
  {
    title: "Potentially unwanted application detected",
    description: "Microsoft Defender SmartScreen blocked a bundler that installs adware.",
    category: "UnwantedSoftware",
    detectionSource: "WindowsDefenderSmartScreen",
    severities: ["Informational", "Low"],
    mitreTechniques: [],
    threatFamilyName: "InstallCore",
    threatName: "PUA:Win32/InstallCore",
    evidence: ["File"],
    fileName: "free_pdf_setup.exe",
    commandLine: "free_pdf_setup.exe /silent",
  },
  {
    title: "Suspicious lateral movement using remote services",
    description: "A remote service was created on this device from another device, using credentials of an administrator.",
    category: "LateralMovement",
    detectionSource: "MTP",
    severities: ["Medium", "High"],
    mitreTechniques: ["T1021.002", "T1569.002"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Process", "User", "Ip"],
    fileName: "psexesvc.exe",
    commandLine: "psexesvc.exe -accepteula",
  },
  {
    title: "Attempt to disable Microsoft Defender Antivirus",
    description: "A process tried to turn off real-time protection by changing its registry settings.",
    category: "DefenseEvasion",
    detectionSource: "WindowsDefenderAtp",
    severities: ["Medium"],
    mitreTechniques: ["T1562.001", "T1112"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Registry", "Process"],
    fileName: "reg.exe",
    commandLine: 'reg.exe add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 1 /f',
  },
  {
    title: "Custom detection: admin tool run outside change window",
    description: "A custom detection rule matched an administrative tool that ran outside the approved change window.",
    category: "SuspiciousActivity",
    detectionSource: "CustomDetection",
    severities: ["Low", "Informational"],
    mitreTechniques: ["T1078"],
    threatFamilyName: null,
    threatName: null,
    evidence: ["Process", "User"],
    fileName: "ntdsutil.exe",
    commandLine: 'ntdsutil.exe "ac i ntds" ifm "create full C:\\Temp\\ntds" q q',
  },
  {
    title: "Automated investigation found a malicious file",
    description:
      "An automated investigation triggered by a related alert found a malicious file and is waiting for approval to remediate it.",
    category: "Malware",
    detectionSource: "AutomatedInvestigation",
    severities: ["Medium", "High"],
    mitreTechniques: ["T1204.002"],
    threatFamilyName: "AgentTesla",
    threatName: "Trojan:MSIL/AgentTesla.RS!MTB",
    evidence: ["File", "Process"],
    fileName: "payment_advice.exe",
    commandLine: "payment_advice.exe",
  },
];

/** Analysts who appear as assignees and comment authors in generated data. */
export const ANALYSTS = ["tier1.analyst@mssp.example", "alice@mssp.example", "bob@mssp.example", "carol@mssp.example"] as const;

export const COMMENTS = [
  "Escalated to Tier 2",
  "Checked with the customer: not a scheduled change.",
  "Device isolated pending investigation.",
  "Hash matches known-bad sample; blocking via indicator.",
  "User confirmed they did not open the attachment.",
  "Expected activity from the IT admin team.",
  "Reimaging the device.",
] as const;

export const USER_NAMES = ["jdoe", "asmith", "mgarcia", "lchen", "pnovak", "kwilliams", "svc-backup", "admin.ops"] as const;
