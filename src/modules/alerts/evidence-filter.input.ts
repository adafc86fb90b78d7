import { Field, InputType } from "type-graphql";
import { MAX_INDICATORS_PER_ALERT } from "../../upstream/evidence.indicators.js";

@InputType({
  description: `Finds alerts by what their evidence contains, across all tenants you can read. Every given condition must hold (AND), each on any evidence of the alert; matching ignores case. Malformed values are rejected with BAD_USER_INPUT (\`extensions.field\` = \`filter.evidence.<field>\`). At most ${MAX_INDICATORS_PER_ALERT} indicators are indexed per alert (the first in evidence order).`,
})
export class EvidenceFilter {
  @Field(() => String, { nullable: true, description: "SHA-256 (64 hex digits) of a file, a process image or its parent's image." })
  sha256?: string | null;
  @Field(() => String, { nullable: true, description: "SHA-1 (40 hex digits) of a file, a process image or its parent's image." })
  sha1?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "An IPv4 or IPv6 address (any notation) of IP evidence or of a device's network interfaces.",
  })
  ipAddress?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A URL of URL evidence, exactly as recorded (only case is ignored; at most 2,048 characters). Use `domain` for partial matches.",
  })
  url?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A host name: matches URL evidence on that host or any host below it (`contoso.com` finds `https://login.contoso.com/x`). Not an IP address (use `ipAddress`) nor a URL.",
  })
  domain?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "An account of user, process or mailbox evidence: account name, `DOMAIN\\name`, user principal name or mailbox address.",
  })
  accountName?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "A device DNS name of device evidence, full (`pc-17.contoso.local`) or its short host name (`pc-17`).",
  })
  deviceName?: string | null;
}
