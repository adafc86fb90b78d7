import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode, GatewayError } from "../../errors/errors.js";

export interface TestSendLimits {
  /** Test sends one caller may start per hour (all rules together); 0 = unlimited. */
  perCallerPerHour: number;
  /** Test sends of one rule per hour (all callers together); 0 = unlimited. */
  perRulePerHour: number;
}

/**
 * Admission of `sendTestNotification`: a test send mails every recipient of a rule, to addresses
 * nobody verified, so it is budgeted per caller and per rule (per process). Refusals are RATE_LIMITED
 * with `retryAfterSeconds` and a message naming which budget ran out; a refused send spends nothing.
 */
export function createTestSendLimiter(limits: TestSendLimits): (caller: string, ruleId: string) => Promise<void> {
  const hour = 3_600;
  const perCaller =
    limits.perCallerPerHour > 0
      ? new RateLimiterMemory({ points: limits.perCallerPerHour, duration: hour, keyPrefix: "test-caller" })
      : null;
  const perRule =
    limits.perRulePerHour > 0 ? new RateLimiterMemory({ points: limits.perRulePerHour, duration: hour, keyPrefix: "test-rule" }) : null;
  const refuse = (what: string, max: number, res: RateLimiterRes) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new GatewayError(`too many test notifications ${what} (at most ${max} per hour): retry in ${retryAfterSeconds} s`, {
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds,
    });
  };
  return async (caller, ruleId) => {
    // Look before spending: a send refused for the rule must not use up the caller's allowance, and vice versa.
    const [c, r] = await Promise.all([perCaller?.get(caller), perRule?.get(ruleId)]);
    if (perCaller && c && c.remainingPoints <= 0) throw refuse("from you", limits.perCallerPerHour, c);
    if (perRule && r && r.remainingPoints <= 0) throw refuse("for this rule", limits.perRulePerHour, r);
    try {
      await perCaller?.consume(caller, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw refuse("from you", limits.perCallerPerHour, e);
      throw e;
    }
    try {
      await perRule?.consume(ruleId, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw refuse("for this rule", limits.perRulePerHour, e);
      throw e;
    }
  };
}
