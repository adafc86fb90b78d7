import { registerEnumType } from "type-graphql";
import { EVIDENCE_VERDICTS, UNKNOWN, type EvidenceVerdict as Verdict, type Unknown } from "../../upstream/upstream.enums.js";

/** What the gateway publishes: Graph's verdicts (see `EvidenceVerdictMap`) plus `UNKNOWN` for members newer than it. */
export type EvidenceVerdictValue = Verdict | Unknown;

export const EvidenceVerdict = Object.fromEntries([...EVIDENCE_VERDICTS, UNKNOWN].map((v) => [v, v])) as Record<
  EvidenceVerdictValue,
  EvidenceVerdictValue
>;

const descriptions: Record<EvidenceVerdictValue, string> = {
  SUSPICIOUS: "Microsoft judged the entity suspicious: it may be malicious; investigate.",
  MALICIOUS: "Microsoft judged the entity malicious.",
  NO_THREATS_FOUND: "Microsoft found no threat in the entity.",
  UNKNOWN: "A verdict Microsoft returned that this gateway version does not know yet (see `verdictRaw`).",
};

registerEnumType(EvidenceVerdict, {
  name: "EvidenceVerdict",
  description: "Microsoft's verdict on one piece of evidence (Graph `verdict`). The legacy Defender API gives none (null).",
  valuesConfig: Object.fromEntries(Object.entries(descriptions).map(([v, description]) => [v, { description }])),
});
