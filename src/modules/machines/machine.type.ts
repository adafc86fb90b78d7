import { DateTimeISOResolver, GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A network interface address of a device." })
export class MachineIpAddress {
  @Field(() => String, { description: "IP address." })
  ipAddress!: string;
  @Field(() => String, { nullable: true, description: "MAC address." })
  macAddress?: string | null;
  @Field(() => String, { nullable: true, description: "Interface state, e.g. Up." })
  operationalStatus?: string | null;
}

@ObjectType({ description: "A device onboarded to Defender for Endpoint. Fetched on demand from Defender (batched per tenant, cached briefly)." })
export class Machine {
  @Field(() => ID, { description: "Device id." })
  id!: string;
  @Field(() => ID, { description: "Tenant of the device." })
  tenantId!: string;
  @Field(() => String, { description: "Device FQDN." })
  computerDnsName!: string;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "First seen by Defender." })
  firstSeen?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Last full device report (usually daily)." })
  lastSeen?: Date | null;
  @Field(() => String, { nullable: true, description: "Operating system platform." })
  osPlatform?: string | null;
  @Field(() => String, { nullable: true, description: "OS version." })
  version?: string | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: "OS build." })
  osBuild?: number | null;
  @Field(() => String, { nullable: true, description: "32-bit or 64-bit." })
  osArchitecture?: string | null;
  @Field(() => String, { nullable: true, description: "Onboarding status." })
  onboardingStatus?: string | null;
  @Field(() => String, { nullable: true, description: "Last internal IP address." })
  lastIpAddress?: string | null;
  @Field(() => String, { nullable: true, description: "Last external IP address." })
  lastExternalIpAddress?: string | null;
  @Field(() => String, { nullable: true, description: "Sensor health: Active, Inactive, ImpairedCommunication…" })
  healthStatus?: string | null;
  @Field(() => String, { nullable: true, description: "Device group name." })
  rbacGroupName?: string | null;
  @Field(() => String, { nullable: true, description: "Risk score: None, Informational, Low, Medium, High." })
  riskScore?: string | null;
  @Field(() => String, { nullable: true, description: "Exposure level: None, Low, Medium, High." })
  exposureLevel?: string | null;
  @Field(() => String, { nullable: true, description: "Device value: Normal, Low, High." })
  deviceValue?: string | null;
  @Field(() => String, { nullable: true, description: "Entra device id." })
  aadDeviceId?: string | null;
  @Field(() => [String], { description: "Device tags." })
  machineTags!: string[];
  @Field(() => [MachineIpAddress], { description: "Network interfaces." })
  ipAddresses!: MachineIpAddress[];
}
