import { describe, expect, it } from "vitest";
import type { GatewayError } from "../../errors/errors.js";
import type { NotificationRuleInput } from "./notification-rule.input.js";
import { isEmailAddress, validateRuleInput } from "./notification-rule.validation.js";

const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-01-02T00:00:00.000Z";
const SECRET = "0123456789abcdef-secret";

const input = (over: Partial<NotificationRuleInput> = {}): NotificationRuleInput => ({
  tenantId: "t1",
  name: "High alerts",
  enabled: true,
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: false,
  severities: ["HIGH"],
  recipients: ["soc@mssp.example"],
  onlyFirstOccurrencePerIncident: false,
  ...over,
});

const fieldOf = (fn: () => unknown): { code: unknown; field: unknown } => {
  try {
    fn();
  } catch (e) {
    const err = e as GatewayError;
    return { code: err.extensions?.code, field: err.extensions?.field };
  }
  throw new Error("expected a validation error");
};

const opts = { now: T0, allowPrivateWebhooks: false };

describe("validateRuleInput", () => {
  it("normalizes a valid rule", () => {
    const r = validateRuleInput(
      input({
        name: "  High  ",
        recipients: ["a@x.example", "A@x.example"],
        severities: ["HIGH", "HIGH", "MEDIUM"],
        deviceGroups: [" Servers ", "servers"],
      }),
      opts,
    );
    expect(r.name).toBe("High");
    expect(r.recipients).toEqual([{ address: "a@x.example", addedAt: T0 }]);
    expect(r.severities).toEqual(["HIGH", "MEDIUM"]);
    expect(r.deviceGroups).toEqual(["Servers"]);
  });

  it.each([
    ["bad email", input({ recipients: ["ok@x.example", "not-an-email"] }), "input.recipients[1]"],
    ["header injection", input({ recipients: ["a@x.example\r\nBcc: b@y.example"] }), "input.recipients[0]"],
    ["display name", input({ recipients: ["Bob <bob@x.example>"] }), "input.recipients[0]"],
    ["no recipients and no webhooks", input({ recipients: [] }), "input.recipients"],
    ["no severities", input({ severities: [] }), "input.severities"],
    ["UNKNOWN severity", input({ severities: ["HIGH", "UNKNOWN"] }), "input.severities[1]"],
    ["unknown severity", input({ severities: ["CRITICAL"] }), "input.severities[0]"],
    ["empty name", input({ name: "   " }), "input.name"],
    ["long name", input({ name: "x".repeat(101) }), "input.name"],
    ["long description", input({ description: "x".repeat(1001) }), "input.description"],
    ["empty device group", input({ deviceGroups: [""] }), "input.deviceGroups[0]"],
    ["ftp webhook", input({ webhooks: [{ url: "ftp://x.example/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["relative webhook", input({ webhooks: [{ url: "/hook", secret: SECRET }] }), "input.webhooks[0].url"],
    ["loopback webhook", input({ webhooks: [{ url: "http://127.0.0.1:9/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["private webhook", input({ webhooks: [{ url: "https://10.1.2.3/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["metadata webhook", input({ webhooks: [{ url: "http://169.254.169.254/latest", secret: SECRET }] }), "input.webhooks[0].url"],
    ["localhost webhook", input({ webhooks: [{ url: "http://localhost:8080/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["mapped v6 webhook", input({ webhooks: [{ url: "http://[::ffff:127.0.0.1]/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["credentials in URL", input({ webhooks: [{ url: "https://u:p@hooks.example/h", secret: SECRET }] }), "input.webhooks[0].url"],
    ["missing secret", input({ webhooks: [{ url: "https://hooks.example/h" }] }), "input.webhooks[0].secret"],
    ["short secret", input({ webhooks: [{ url: "https://hooks.example/h", secret: "short" }] }), "input.webhooks[0].secret"],
    ["no triggers", input({ triggers: [] }), "input.triggers"],
    ["unknown trigger", input({ triggers: ["INCIDENT_CREATED", "ALERT_RESOLVED" as never] }), "input.triggers[1]"],
    ["too many recipients", input({ recipients: Array.from({ length: 51 }, (_, i) => `u${i}@x.example`) }), "input.recipients"],
  ])("rejects %s with BAD_USER_INPUT naming the field", (_what, bad, field) => {
    expect(fieldOf(() => validateRuleInput(bad, opts))).toEqual({ code: "BAD_USER_INPUT", field });
  });

  it("accepts webhooks only (no email recipients) and private targets when allowed", () => {
    const r = validateRuleInput(input({ recipients: [], webhooks: [{ url: "http://127.0.0.1:9/h", secret: SECRET }] }), {
      ...opts,
      allowPrivateWebhooks: true,
    });
    expect(r.webhooks).toHaveLength(1);
    expect(r.webhooks[0]).toMatchObject({ url: "http://127.0.0.1:9/h", secret: SECRET, addedAt: T0 });
  });

  it("keeps addedAt of remaining recipients and the webhook id and secret on update", () => {
    const first = validateRuleInput(input({ webhooks: [{ url: "https://hooks.example/h", secret: SECRET }] }), opts);
    const previous = { ...first, id: "r1", createdAt: T0, createdBy: "a", updatedAt: T0, updatedBy: "a" };
    const next = validateRuleInput(
      input({ recipients: ["SOC@mssp.example", "new@mssp.example"], webhooks: [{ url: "https://hooks.example/h" }] }),
      {
        ...opts,
        now: T1,
        previous,
      },
    );
    expect(next.recipients).toEqual([
      { address: "SOC@mssp.example", addedAt: T0 },
      { address: "new@mssp.example", addedAt: T1 },
    ]);
    expect(next.webhooks[0]).toEqual(first.webhooks[0]);
  });
});

describe("validateRuleInput: triggers", () => {
  const previousOf = (r: ReturnType<typeof validateRuleInput>) => ({
    ...r,
    id: "r1",
    createdAt: T0,
    createdBy: "a",
    updatedAt: T0,
    updatedBy: "a",
  });

  it("defaults to ALERT_CREATED on create and de-duplicates", () => {
    expect(validateRuleInput(input(), opts).triggers).toEqual(["ALERT_CREATED"]);
    expect(
      validateRuleInput(input({ triggers: ["INCIDENT_SEVERITY_RAISED", "INCIDENT_CREATED", "INCIDENT_SEVERITY_RAISED"] }), opts).triggers,
    ).toEqual(["INCIDENT_SEVERITY_RAISED", "INCIDENT_CREATED"]);
  });

  it("keeps the rule's triggers when an update omits them (clients older than triggers), replaces them when given", () => {
    const incidentRule = previousOf(validateRuleInput(input({ triggers: ["INCIDENT_CREATED"] }), opts));
    expect(validateRuleInput(input({ triggers: null }), { ...opts, previous: incidentRule }).triggers).toEqual(["INCIDENT_CREATED"]);
    expect(validateRuleInput(input({ triggers: ["ALERT_CREATED"] }), { ...opts, previous: incidentRule }).triggers).toEqual([
      "ALERT_CREATED",
    ]);
    // A rule saved before triggers existed has none stored: it keeps meaning ALERT_CREATED.
    const legacy = { ...incidentRule, triggers: undefined };
    expect(validateRuleInput(input(), { ...opts, previous: legacy }).triggers).toEqual(["ALERT_CREATED"]);
  });
});

describe("isEmailAddress", () => {
  it.each(["a@b.co", "first.last+tag@sub.example.org", "o'neil@x.example"])("accepts %s", (a) => expect(isEmailAddress(a)).toBe(true));
  it.each(["", "a@b", "@b.co", "a@@b.co", "a b@c.co", "a@b..co", ".a@b.co", "a.@b.co", "a@-b.co", `${"x".repeat(65)}@b.co`])(
    "refuses %s",
    (a) => expect(isEmailAddress(a)).toBe(false),
  );
});
