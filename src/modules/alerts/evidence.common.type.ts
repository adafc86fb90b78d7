import { DateTimeISOResolver, GraphQLSafeInt } from "graphql-scalars";
import { Extensions, Field, InterfaceType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import type { EvidenceKind } from "../../upstream/upstream.types.js";
import { EvidenceVerdict, type EvidenceVerdictValue } from "./evidence.enums.js";

/**
 * GraphQL type name per model kind. `resolveType` answers with a name rather than a class so that this file does not
 * import the implementations (they import it); a schema test checks that every name is a type implementing Evidence.
 */
export const EVIDENCE_TYPE_NAMES: Readonly<Record<EvidenceKind, string>> = {
  device: "DeviceEvidence",
  file: "FileEvidence",
  process: "ProcessEvidence",
  user: "UserEvidence",
  ip: "IpEvidence",
  url: "UrlEvidence",
  registryKey: "RegistryKeyEvidence",
  registryValue: "RegistryValueEvidence",
  mailbox: "MailboxEvidence",
  generic: "GenericEvidence",
};

/**
 * The GraphQL type of an evidence object, synchronously: type-graphql wraps `resolveType` in an async function, which
 * graphql-jit cannot await, so `buildGatewaySchema` puts this one back on the built interface.
 */
export const evidenceTypeName = (value: Evidence): string => EVIDENCE_TYPE_NAMES[value.kind];

@InterfaceType("Evidence", {
  description:
    "One piece of evidence of an alert, typed after Microsoft Graph's `alertEvidence` kinds. Select the kind's fields with an inline fragment (`... on FileEvidence { fileDetails { sha256 } }`); kinds the gateway does not model are `GenericEvidence`.",
  resolveType: evidenceTypeName,
})
export abstract class Evidence {
  /** Which implementation this object is (not a GraphQL field: clients use `__typename`). */
  declare readonly kind: EvidenceKind;

  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the evidence was created (UTC)." })
  createdDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceVerdict, { nullable: true, description: "Microsoft's verdict on the entity; null when none was given." })
  verdict?: EvidenceVerdictValue | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "The verdict exactly as upstream spelled it (useful when `verdict` is UNKNOWN); null when none was given.",
  })
  verdictRaw?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description:
      "Remediation status as Graph spells it (`none`, `remediated`, `prevented`, `blocked`, `notFound`…); null from the legacy API.",
  })
  remediationStatus?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Roles of the entity in the attack (Graph `roles`, e.g. `attacker`, `victim`); empty when none." })
  roles!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Detailed roles (Graph `detailedRoles`, e.g. `PrimaryDevice`); empty when none." })
  detailedRoles!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "Tags upstream put on the entity; empty when none." })
  tags!: string[];

  // The flat columns `Alert.evidence` had before it was typed: kept (deprecated) so queries written then still validate.
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    description: "Kind of entity: File, Process, User, Ip, Url, Registry…",
  })
  entityType?: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "When the evidence was recorded.",
  })
  evidenceCreationTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "SHA-1 of the file.",
  })
  sha1?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "SHA-256 of the file.",
  })
  sha256?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "File name.",
  })
  fileName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Folder of the file.",
  })
  filePath?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Process id.",
  })
  processId?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Process command line.",
  })
  processCommandLine?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Process start time.",
  })
  processCreationTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Parent process id.",
  })
  parentProcessId?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Parent process start time.",
  })
  parentProcessCreationTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Parent process file name.",
  })
  parentProcessFileName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Parent process folder.",
  })
  parentProcessFilePath?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "IP address.",
  })
  ipAddress?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "URL.",
  })
  url?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Registry key.",
  })
  registryKey?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Registry hive.",
  })
  registryHive?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Registry value type.",
  })
  registryValueType?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Registry value.",
  })
  registryValue?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Account name.",
  })
  accountName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Account domain.",
  })
  domainName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Account SID.",
  })
  userSid?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Entra user object id.",
  })
  aadUserId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "User principal name.",
  })
  userPrincipalName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    deprecationReason: "Use the typed fields of the evidence kind (inline fragments).",
    nullable: true,
    description: "Detection status, e.g. Detected, Blocked, Prevented.",
  })
  detectionStatus?: string | null;
}

/** The flat columns of the pre-typed evidence rows (see `legacyEvidence`). */
export type LegacyEvidenceFields = Pick<
  Evidence,
  | "entityType"
  | "evidenceCreationTime"
  | "sha1"
  | "sha256"
  | "fileName"
  | "filePath"
  | "processId"
  | "processCommandLine"
  | "processCreationTime"
  | "parentProcessId"
  | "parentProcessCreationTime"
  | "parentProcessFileName"
  | "parentProcessFilePath"
  | "ipAddress"
  | "url"
  | "registryKey"
  | "registryHive"
  | "registryValueType"
  | "registryValue"
  | "accountName"
  | "domainName"
  | "userSid"
  | "aadUserId"
  | "userPrincipalName"
  | "detectionStatus"
>;
