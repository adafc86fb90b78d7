import { DateTimeISOResolver, GraphQLSafeInt } from "graphql-scalars";
import { Extensions, Field, ID, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";

@ObjectType({ description: "A network interface address of a device." })
export class MachineIpAddress {
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { description: "IP address." })
  ipAddress!: string;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "MAC address." })
  macAddress?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Interface state, e.g. Up." })
  operationalStatus?: string | null;
}

@ObjectType({
  description: "A device onboarded to Defender for Endpoint. Fetched on demand from Defender (batched per tenant, cached briefly).",
})
export class Machine {
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => ID, { description: "Device id." })
  id!: string;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => ID, { description: "Tenant of the device." })
  tenantId!: string;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { description: "Device FQDN." })
  computerDnsName!: string;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "First seen by Defender." })
  firstSeen?: Date | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last full device report (usually daily)." })
  lastSeen?: Date | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Operating system platform." })
  osPlatform?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "OS version." })
  version?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "OS build." })
  osBuild?: number | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "32-bit or 64-bit." })
  osArchitecture?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Onboarding status." })
  onboardingStatus?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Last internal IP address." })
  lastIpAddress?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Last external IP address." })
  lastExternalIpAddress?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Sensor health: Active, Inactive, ImpairedCommunication…" })
  healthStatus?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Device group name." })
  rbacGroupName?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Risk score: None, Informational, Low, Medium, High." })
  riskScore?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Exposure level: None, Low, Medium, High." })
  exposureLevel?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Device value: Normal, Low, High." })
  deviceValue?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => String, { nullable: true, description: "Entra device id." })
  aadDeviceId?: string | null;
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => [String], { description: "Device tags." })
  machineTags!: string[];
  @Extensions(Cacheable.DEVICE_TTL)
  @Field(() => [MachineIpAddress], { description: "Network interfaces." })
  ipAddresses!: MachineIpAddress[];
}
