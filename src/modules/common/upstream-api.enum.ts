import { registerEnumType } from "type-graphql";
import type { UpstreamApi as UpstreamApiName } from "../../upstream/upstream.types.js";

/** Which Microsoft API a tenant (or an alert copy) comes from. */
export enum UpstreamApi {
  GRAPH = "GRAPH",
  DEFENDER_ENDPOINT = "DEFENDER_ENDPOINT",
}
registerEnumType(UpstreamApi, {
  name: "UpstreamApi",
  description: "Which Microsoft API the data comes from.",
  valuesConfig: {
    GRAPH: { description: "The Microsoft Graph security API (`/security/alerts_v2`, `/security/incidents`): the default." },
    DEFENDER_ENDPOINT: {
      description: "The legacy Microsoft Defender for Endpoint API (`/api/alerts`), which Microsoft switches off after 2027-02-01.",
    },
  },
});

export const upstreamApiEnum = (api: UpstreamApiName): UpstreamApi =>
  api === "defender" ? UpstreamApi.DEFENDER_ENDPOINT : UpstreamApi.GRAPH;
