import { DateTimeISOResolver, GraphQLJSONObject, GraphQLSafeInt } from "graphql-scalars";
import { Extensions, Field, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";
import { Evidence } from "./evidence.common.type.js";
import { EvidenceFileDetails, EvidenceUserAccount, LoggedOnUser } from "./evidence.parts.type.js";

/**
 * One GraphQL type per evidence kind, named and shaped after Microsoft Graph's (`microsoft.graph.security.*Evidence`).
 * Import `Evidence` from here, not from evidence.common.type.ts: loading this file is what registers the
 * implementations, and type-graphql adds them to the schema once a field returns the interface.
 */
export { Evidence, EVIDENCE_TYPE_NAMES } from "./evidence.common.type.js";

@ObjectType("DeviceEvidence", { implements: Evidence, description: "A device (Graph `deviceEvidence`; legacy: the alert's machine)." })
export class DeviceEvidence extends Evidence {
  declare readonly kind: "device";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Defender for Endpoint device id (the `machineId` of the legacy API)." })
  mdeDeviceId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Entra (Azure AD) device id." })
  azureAdDeviceId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "DNS name of the device; often only the short host name in real data." })
  deviceDnsName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Operating system platform, e.g. Windows11." })
  osPlatform?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Operating system build number." })
  osBuild?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Operating system version, e.g. 22H2." })
  version?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Sensor health as Graph spells it, e.g. `active`, `inactive`." })
  healthStatus?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Risk score as Graph spells it, e.g. `high`." })
  riskScore?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Device group id." })
  rbacGroupId?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Device group name; null when the device is in no group." })
  rbacGroupName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Onboarding status as Graph spells it, e.g. `onboarded`." })
  onboardingStatus?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Microsoft Defender Antivirus status as Graph spells it, e.g. `updated`." })
  defenderAvStatus?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [String], { description: "IP addresses of the device's network interfaces (Graph `ipInterfaces`); empty when unknown." })
  ipInterfaces!: string[];
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => [LoggedOnUser], { description: "Users signed in on the device; empty when unknown." })
  loggedOnUsers!: LoggedOnUser[];
}

@ObjectType("FileEvidence", { implements: Evidence, description: "A file (Graph `fileEvidence`; legacy entity type File)." })
export class FileEvidence extends Evidence {
  declare readonly kind: "file";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceFileDetails, { description: "The file: hashes, name, path, signer." })
  fileDetails!: EvidenceFileDetails;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "What happened to it, e.g. `detected`, `blocked`, `prevented` (legacy: `Detected`).",
  })
  override detectionStatus?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Defender for Endpoint id of the device the file was seen on." })
  mdeDeviceId?: string | null;
}

@ObjectType("ProcessEvidence", { implements: Evidence, description: "A process (Graph `processEvidence`; legacy entity type Process)." })
export class ProcessEvidence extends Evidence {
  declare readonly kind: "process";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Process id." })
  override processId?: number | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Parent process id." })
  override parentProcessId?: number | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Command line of the process." })
  override processCommandLine?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the process started (UTC)." })
  processCreationDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the parent process started (UTC)." })
  parentProcessCreationDateTime?: Date | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceFileDetails, { nullable: true, description: "The process's image file." })
  imageFile?: EvidenceFileDetails | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceFileDetails, { nullable: true, description: "The parent process's image file." })
  parentProcessImageFile?: EvidenceFileDetails | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceUserAccount, { nullable: true, description: "The account the process ran as." })
  userAccount?: EvidenceUserAccount | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "What happened to it, e.g. `detected`, `blocked`, `prevented`." })
  override detectionStatus?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Defender for Endpoint id of the device the process ran on." })
  mdeDeviceId?: string | null;
}

@ObjectType("UserEvidence", { implements: Evidence, description: "A user account (Graph `userEvidence`; legacy entity type User)." })
export class UserEvidence extends Evidence {
  declare readonly kind: "user";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceUserAccount, { description: "The account; its parts are null when upstream omits them." })
  userAccount!: EvidenceUserAccount;
}

@ObjectType("IpEvidence", { implements: Evidence, description: "An IP address (Graph `ipEvidence`; legacy entity type Ip)." })
export class IpEvidence extends Evidence {
  declare readonly kind: "ip";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The IPv4 or IPv6 address." })
  override ipAddress?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Two-letter country code of the address, e.g. DE; null from the legacy API." })
  countryLetterCode?: string | null;
}

@ObjectType("UrlEvidence", { implements: Evidence, description: "A URL (Graph `urlEvidence`; legacy entity type Url)." })
export class UrlEvidence extends Evidence {
  declare readonly kind: "url";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The URL as upstream recorded it (not always with a scheme)." })
  override url?: string | null = undefined;
}

@ObjectType("RegistryKeyEvidence", { implements: Evidence, description: "A registry key (Graph `registryKeyEvidence`)." })
export class RegistryKeyEvidence extends Evidence {
  declare readonly kind: "registryKey";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The key path, e.g. SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run." })
  override registryKey?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The hive, e.g. HKEY_LOCAL_MACHINE." })
  override registryHive?: string | null = undefined;
}

@ObjectType("RegistryValueEvidence", { implements: Evidence, description: "A registry value (Graph `registryValueEvidence`)." })
export class RegistryValueEvidence extends Evidence {
  declare readonly kind: "registryValue";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The key path holding the value." })
  override registryKey?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The hive, e.g. HKEY_LOCAL_MACHINE." })
  override registryHive?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Name of the value; null from the legacy API." })
  registryValueName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "The value's data as text." })
  override registryValue?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Type of the value, e.g. String, DWord." })
  override registryValueType?: string | null = undefined;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Defender for Endpoint id of the device holding the value." })
  mdeDeviceId?: string | null;
}

@ObjectType("MailboxEvidence", { implements: Evidence, description: "A mailbox (Graph `mailboxEvidence`; legacy entity type MailBox)." })
export class MailboxEvidence extends Evidence {
  declare readonly kind: "mailbox";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Primary SMTP address of the mailbox." })
  primaryAddress?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Display name of the mailbox." })
  displayName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => EvidenceUserAccount, { nullable: true, description: "The account owning the mailbox." })
  userAccount?: EvidenceUserAccount | null;
}

@ObjectType("GenericEvidence", {
  implements: Evidence,
  description: "Evidence of a kind this gateway does not model (yet): its upstream type name and the upstream JSON as it came.",
})
export class GenericEvidence extends Evidence {
  declare readonly kind: "generic";
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    description:
      "Upstream type name: Graph `@odata.type` (e.g. `#microsoft.graph.security.cloudApplicationEvidence`) or legacy `entityType`.",
  })
  type!: string;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLJSONObject, { description: "The evidence object exactly as upstream sent it." })
  raw!: Record<string, unknown>;
}

/** What `toGraphQLEvidence` returns: one of the implementations, told apart by `kind`. */
export type EvidenceObject =
  | DeviceEvidence
  | FileEvidence
  | ProcessEvidence
  | UserEvidence
  | IpEvidence
  | UrlEvidence
  | RegistryKeyEvidence
  | RegistryValueEvidence
  | MailboxEvidence
  | GenericEvidence;
