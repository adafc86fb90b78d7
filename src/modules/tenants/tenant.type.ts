import { UpstreamApi } from "../common/upstream-api.enum.js";
import { DateTimeISOResolver } from "graphql-scalars";
import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";

export enum UpstreamState {
  HEALTHY = "HEALTHY",
  DEGRADED = "DEGRADED",
  THROTTLED = "THROTTLED",
  UNAVAILABLE = "UNAVAILABLE",
  AUTH_FAILED = "AUTH_FAILED",
  PENDING = "PENDING",
}
registerEnumType(UpstreamState, {
  name: "UpstreamState",
  description: "How the tenant's Defender API answered the gateway's sync most recently.",
  valuesConfig: {
    HEALTHY: { description: "The last poll succeeded." },
    DEGRADED: { description: "The last poll failed, but earlier data is served from the index." },
    THROTTLED: { description: "Upstream or the gateway's budget throttled the last poll." },
    UNAVAILABLE: { description: "Upstream is failing or its circuit breaker is open." },
    AUTH_FAILED: { description: "The gateway could not authenticate to this tenant (consent missing or revoked?)." },
    PENDING: { description: "No poll has completed yet." },
  },
});

@ObjectType({ description: "Freshness of the gateway's copy of a tenant's alerts." })
export class TenantSync {
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the last poll succeeded." })
  lastSuccessAt?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the last poll was attempted." })
  lastAttemptAt?: Date | null;
  @Field(() => Int, { nullable: true, description: "Seconds since the last successful poll (null before the first)." })
  lagSeconds?: number | null;
  @Field(() => UpstreamState, { description: "Upstream health as seen by the sync." })
  upstreamState!: UpstreamState;
  @Field(() => String, { nullable: true, description: "Last sync error, if the last poll failed." })
  lastError?: string | null;
  @Field(() => Boolean, { description: "True once the initial backfill window has been read." })
  backfilled!: boolean;
  @Field(() => Int, { description: "Alerts in the gateway's index for this tenant." })
  indexedAlerts!: number;
  @Field(() => Int, { nullable: true, description: "Upstream calls left in the current minute of the gateway's budget." })
  budgetLeftThisMinute?: number | null;
  @Field(() => Int, { nullable: true, description: "Upstream calls left in the current hour of the gateway's budget." })
  budgetLeftThisHour?: number | null;
  @Field(() => String, { nullable: true, description: "Replica currently syncing this tenant." })
  syncedBy?: string | null;
  @Field(() => UpstreamApi, {
    description:
      "Which Microsoft API the tenant is synced from (`DEFENDER_ENDPOINT` stops working after 2027-02-01: switch it to `GRAPH`).",
  })
  upstreamApi!: UpstreamApi;
}

@ObjectType({ description: "Open (not resolved) alerts of a tenant by severity." })
export class AlertCounts {
  @Field(() => Int, { description: "High severity." })
  high!: number;
  @Field(() => Int, { description: "Medium severity." })
  medium!: number;
  @Field(() => Int, { description: "Low severity." })
  low!: number;
  @Field(() => Int, { description: "Informational." })
  informational!: number;
  @Field(() => Int, { description: "Unspecified or unknown severity." })
  other!: number;
  @Field(() => Int, { description: "All open alerts." })
  total!: number;
}

@ObjectType({ description: "A customer tenant (one Entra tenant with Defender for Endpoint) served by this MSSP." })
export class Tenant {
  @Extensions(Cacheable.REGISTRY)
  @Field(() => ID, { description: "Entra tenant id." })
  id!: string;
  @Extensions(Cacheable.REGISTRY)
  @Field(() => String, { description: "Customer name." })
  name!: string;
  @Extensions(Cacheable.REGISTRY)
  @Field(() => String, { description: "Defender API region (`us`, `eu`, `uk`…; empty for the global host)." })
  region!: string;
  @Extensions(Cacheable.REGISTRY)
  @Field(() => String, { description: "Tenant-specific Defender portal link (`https://security.microsoft.com/?tid=…`)." })
  portalUrl!: string;
}
