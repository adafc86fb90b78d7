import { DateTimeISOResolver } from "graphql-scalars";
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

@InterfaceType("Evidence", {
  description:
    "One piece of evidence of an alert, typed after Microsoft Graph's `alertEvidence` kinds. Select the kind's fields with an inline fragment (`... on FileEvidence { fileDetails { sha256 } }`); kinds the gateway does not model are `GenericEvidence`.",
  resolveType: (value: Evidence) => EVIDENCE_TYPE_NAMES[value.kind],
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
}
