import { registerEnumType } from "type-graphql";
import { SHARED_INDICATOR_KINDS, type SharedIndicatorKind as Kind } from "../../store/indicator.tokens.js";

/** The GraphQL enum of shared-indicator kinds: exactly the store's kinds (`indicator.tokens.ts`). */
export const SharedIndicatorKind = Object.fromEntries(SHARED_INDICATOR_KINDS.map((k) => [k, k])) as { [K in Kind]: K };

registerEnumType(SharedIndicatorKind, {
  name: "SharedIndicatorKind",
  description: "What a shared indicator is.",
  valuesConfig: {
    FILE_SHA256: { description: "SHA-256 of a file, a process image or its parent's image (64 hex digits, lower case)." },
    IP_ADDRESS: {
      description:
        "An IP address of IP evidence or of a device's interfaces (IPv6 in compressed form). Private, CGNAT, loopback, link-local and unique local addresses are left out: they name a different host at every customer.",
    },
    DOMAIN: {
      description:
        "A host name of URL evidence, and each parent domain down to two labels (`a.b.contoso.com`, `b.contoso.com`, `contoso.com`).",
    },
    URL: { description: "A URL of URL evidence, as recorded (lower case)." },
    DETECTOR: { description: "The detector that raised the alerts (`Alert.detectorId`, lower case)." },
  },
});
