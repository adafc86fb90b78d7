import { isoDate } from "../common/graphql-values.js";
import type { SecurityEvidence, SecurityFileDetails, SecurityUserAccount } from "../../upstream/upstream.types.js";
import type { LegacyEvidenceFields } from "./evidence.common.type.js";

const ENTITY_TYPE: Record<SecurityEvidence["kind"], string> = {
  device: "Machine",
  file: "File",
  process: "Process",
  user: "User",
  ip: "Ip",
  url: "Url",
  registryKey: "Registry",
  registryValue: "Registry",
  mailbox: "MailBox",
  generic: "Unknown",
};

const date = isoDate;

const NONE: Omit<LegacyEvidenceFields, "entityType" | "evidenceCreationTime"> = {
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
};

const file = (f: SecurityFileDetails | null) => (f ? { sha1: f.sha1, sha256: f.sha256, fileName: f.fileName, filePath: f.filePath } : {});
const account = (u: SecurityUserAccount | null) =>
  u
    ? {
        accountName: u.accountName,
        domainName: u.domainName,
        userSid: u.userSid,
        aadUserId: u.azureAdUserId,
        userPrincipalName: u.userPrincipalName,
      }
    : {};

/**
 * The deprecated flat columns of one typed evidence: the row shape `Alert.evidence` served before evidence was typed
 * (entity type + the columns that apply), so queries written against it keep working while clients move to fragments.
 */
export function legacyEvidence(e: SecurityEvidence): LegacyEvidenceFields {
  const base = { ...NONE, entityType: e.kind === "generic" ? e.type : ENTITY_TYPE[e.kind], evidenceCreationTime: date(e.createdDateTime) };
  switch (e.kind) {
    case "file":
      return { ...base, ...file(e.fileDetails), detectionStatus: e.detectionStatus };
    case "process":
      return {
        ...base,
        ...file(e.imageFile),
        ...account(e.userAccount),
        processId: e.processId,
        processCommandLine: e.processCommandLine,
        processCreationTime: date(e.processCreationDateTime),
        parentProcessId: e.parentProcessId,
        parentProcessCreationTime: date(e.parentProcessCreationDateTime),
        parentProcessFileName: e.parentProcessImageFile?.fileName ?? null,
        parentProcessFilePath: e.parentProcessImageFile?.filePath ?? null,
        detectionStatus: e.detectionStatus,
      };
    case "user":
      return { ...base, ...account(e.userAccount) };
    case "ip":
      return { ...base, ipAddress: e.ipAddress };
    case "url":
      return { ...base, url: e.url };
    case "registryKey":
      return { ...base, registryKey: e.registryKey, registryHive: e.registryHive };
    case "registryValue":
      return {
        ...base,
        registryKey: e.registryKey,
        registryHive: e.registryHive,
        registryValue: e.registryValue,
        registryValueType: e.registryValueType,
      };
    case "mailbox":
      return { ...base, ...account(e.userAccount), userPrincipalName: e.primaryAddress ?? e.userAccount?.userPrincipalName ?? null };
    default:
      return base;
  }
}
