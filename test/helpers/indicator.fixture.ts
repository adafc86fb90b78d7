import { randomBytes } from "node:crypto";
import type { DefenderEvidence } from "../../src/upstream/defender.types.js";

/* Legacy-wire evidence rows carrying one indicator each (what the simulator's `createAlert` and `makeAlert` take). */

const EMPTY: Omit<DefenderEvidence, "entityType"> = {
  evidenceCreationTime: null,
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

/** A random SHA-256 (64 lower-case hex digits): an indicator no other test or generated alert carries. */
export const randomSha256 = (): string => randomBytes(32).toString("hex");

export const fileEvidence = (sha256: string, fileName = "payload.exe"): DefenderEvidence => ({
  ...EMPTY,
  entityType: "File",
  sha256,
  fileName,
});
export const ipEvidence = (ipAddress: string): DefenderEvidence => ({ ...EMPTY, entityType: "Ip", ipAddress });
export const urlEvidence = (url: string): DefenderEvidence => ({ ...EMPTY, entityType: "Url", url });
