import { describe, expect, it } from "vitest";
import { alertFixture } from "../../../test/helpers/alert.fixture.js";
import { buildMessage } from "./notification.message.js";
import { renderEmail } from "./notification-email.renderer.js";

const rule = {
  id: "r1",
  name: "SOC high",
  tenantId: "tenant-guid",
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: false,
};
const alert = alertFixture(
  {},
  { id: "da123", title: "Ransomware <b>behavior</b>", computerDnsName: "srv-db-01", rbacGroupName: "Servers" },
);

describe("buildMessage + renderEmail", () => {
  it("includes organization name and the tenant-specific link (MSSP requirements)", () => {
    const m = buildMessage({ deliveryId: "d1", rule, tenantName: "Contoso Pharma", msspName: "Acme MSSP", alert });
    const email = renderEmail(m, "Acme MSSP");
    expect(email.subject).toContain("Contoso Pharma");
    expect(email.text).toContain("Organization:");
    expect(email.text).toContain("https://security.microsoft.com/alerts/da123?tid=tenant-guid");
    expect(email.html).toContain("https://security.microsoft.com/alerts/da123?tid=tenant-guid");
    expect(email.html).toContain("Ransomware &lt;b&gt;behavior&lt;/b&gt;");
    expect(email.text).not.toContain("srv-db-01");
    expect(m.payload).toMatchObject({
      type: "alert.created",
      organizationName: "Contoso Pharma",
      alert: { id: "da123", severity: "HIGH" },
    });
    expect(JSON.stringify(m.payload)).not.toContain("srv-db-01");
  });

  it("leaves out organization and tid when the rule says so, and adds device info only when asked", () => {
    const m = buildMessage({
      deliveryId: "d1",
      rule: { ...rule, includeOrganizationName: false, includeTenantPortalLink: false, includeDeviceInformation: true },
      tenantName: "Contoso Pharma",
      msspName: "Acme MSSP",
      alert,
    });
    const email = renderEmail(m, "Acme MSSP");
    expect(`${email.subject}${email.text}${email.html}`).not.toContain("Contoso Pharma");
    expect(email.text).toContain("https://security.microsoft.com/alerts/da123");
    expect(email.text).not.toContain("tid=");
    expect(email.text).toContain("srv-db-01");
    expect(email.text).toContain("Servers");
    expect(m.payload).toMatchObject({ alert: { computerDnsName: "srv-db-01", deviceGroup: "Servers" } });
    expect(m.payload).not.toHaveProperty("organizationName");
  });

  it("renders test messages and keeps subjects on one line", () => {
    const m = buildMessage({
      deliveryId: "d1",
      rule: { ...rule, name: "a\r\nBcc: x@y.example" },
      tenantName: "Contoso",
      msspName: "Acme",
      alert: null,
    });
    const email = renderEmail(m, "Acme");
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain("https://security.microsoft.com/?tid=tenant-guid");
    expect(m.payload).toMatchObject({ type: "notification.test" });
  });
});
