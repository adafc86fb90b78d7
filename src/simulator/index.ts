/** The Microsoft-cloud simulator: Entra-like identity provider + Defender-like API + data generator. */
export { createSimulator } from "./simulator.js";
export { demoUserId, DEFENDER_AUDIENCE } from "./token.issuer.js";
export type {
  AppTokenRequest,
  SimAlertInit,
  SimAlertUpdate,
  SimCounters,
  SimFaults,
  SimGeneratorState,
  SimGeneratorStep,
  SimLimits,
  SimPartnerApp,
  SimTenant,
  SimTenantInfo,
  Simulator,
  SimulatorControl,
  SimulatorOptions,
  UserTokenRequest,
} from "./simulator.types.js";
export { DEFAULT_MSSP_TENANT_ID, DEMO_PARTNER_APPS } from "./simulator.types.js";
