import { isoDate } from "../common/graphql-values.js";
import {
  EMPTY_FILE_DETAILS,
  EMPTY_USER_ACCOUNT,
  type EvidenceCommon,
  type SecurityEvidence,
  type SecurityFileDetails,
  type SecurityUserAccount,
} from "../../upstream/upstream.types.js";
import type { EvidenceFileDetails, EvidenceUserAccount } from "./evidence.parts.type.js";
import type { EvidenceObject, GenericEvidence } from "./evidence.type.js";

/**
 * Model evidence → GraphQL evidence: plain objects carrying the model's `kind`, which the `Evidence` interface's
 * `resolveType` reads, so they work from any field typed `[Evidence]` without class instances. ISO strings become
 * `Date` (null when absent or unparsable), arrays are never null.
 */

const date = isoDate;

// Defensive beyond the model's types: an index entry written by another gateway version may lack a list.
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === "string") : []);

const common = (e: EvidenceCommon) => ({
  createdDateTime: date(e.createdDateTime),
  verdict: e.verdict ?? null,
  verdictRaw: e.verdictRaw ?? null,
  remediationStatus: e.remediationStatus ?? null,
  roles: list(e.roles),
  detailedRoles: list(e.detailedRoles),
  tags: list(e.tags),
});

const file = (f: SecurityFileDetails | null | undefined): EvidenceFileDetails | null => (f ? { ...EMPTY_FILE_DETAILS, ...f } : null);
const account = (u: SecurityUserAccount | null | undefined): EvidenceUserAccount | null => (u ? { ...EMPTY_USER_ACCOUNT, ...u } : null);

export function toGraphQLEvidence(e: SecurityEvidence): EvidenceObject {
  switch (e.kind) {
    case "device":
      return {
        ...common(e),
        kind: "device",
        mdeDeviceId: e.mdeDeviceId,
        azureAdDeviceId: e.azureAdDeviceId,
        deviceDnsName: e.deviceDnsName,
        osPlatform: e.osPlatform,
        osBuild: e.osBuild,
        version: e.version,
        healthStatus: e.healthStatus,
        riskScore: e.riskScore,
        rbacGroupId: e.rbacGroupId,
        rbacGroupName: e.rbacGroupName,
        onboardingStatus: e.onboardingStatus,
        defenderAvStatus: e.defenderAvStatus,
        ipInterfaces: list(e.ipAddresses),
        loggedOnUsers: (e.loggedOnUsers ?? []).map((u) => ({ accountName: u.accountName ?? null, domainName: u.domainName ?? null })),
      };
    case "file":
      return {
        ...common(e),
        kind: "file",
        fileDetails: file(e.fileDetails) ?? { ...EMPTY_FILE_DETAILS },
        detectionStatus: e.detectionStatus,
        mdeDeviceId: e.mdeDeviceId,
      };
    case "process":
      return {
        ...common(e),
        kind: "process",
        processId: e.processId,
        parentProcessId: e.parentProcessId,
        processCommandLine: e.processCommandLine,
        processCreationDateTime: date(e.processCreationDateTime),
        parentProcessCreationDateTime: date(e.parentProcessCreationDateTime),
        imageFile: file(e.imageFile),
        parentProcessImageFile: file(e.parentProcessImageFile),
        userAccount: account(e.userAccount),
        detectionStatus: e.detectionStatus,
        mdeDeviceId: e.mdeDeviceId,
      };
    case "user":
      return { ...common(e), kind: "user", userAccount: account(e.userAccount) ?? { ...EMPTY_USER_ACCOUNT } };
    case "ip":
      return { ...common(e), kind: "ip", ipAddress: e.ipAddress, countryLetterCode: e.countryLetterCode };
    case "url":
      return { ...common(e), kind: "url", url: e.url };
    case "registryKey":
      return { ...common(e), kind: "registryKey", registryKey: e.registryKey, registryHive: e.registryHive };
    case "registryValue":
      return {
        ...common(e),
        kind: "registryValue",
        registryKey: e.registryKey,
        registryHive: e.registryHive,
        registryValueName: e.registryValueName,
        registryValue: e.registryValue,
        registryValueType: e.registryValueType,
        mdeDeviceId: e.mdeDeviceId,
      };
    case "mailbox":
      return {
        ...common(e),
        kind: "mailbox",
        primaryAddress: e.primaryAddress,
        displayName: e.displayName,
        userAccount: account(e.userAccount),
      };
    case "generic":
      return { ...common(e), kind: "generic", type: e.type || "unknown", raw: e.raw ?? {} };
    default:
      return newerKind(e);
  }
}

/**
 * A kind this build does not know (written to the shared index by a newer replica during a rolling upgrade): shown
 * as GenericEvidence rather than failing the alert. The `never` parameter keeps the switch above exhaustive.
 */
function newerKind(e: never): GenericEvidence {
  const raw = e as Record<string, unknown>;
  return {
    ...common(raw as unknown as EvidenceCommon),
    kind: "generic",
    type: typeof raw.kind === "string" ? raw.kind : "unknown",
    raw: { ...raw },
  };
}

/** A whole evidence list; null or undefined (an alert stored before evidence existed) gives an empty list. */
export const toGraphQLEvidenceList = (evidence: readonly SecurityEvidence[] | null | undefined): EvidenceObject[] =>
  (evidence ?? []).map(toGraphQLEvidence);
