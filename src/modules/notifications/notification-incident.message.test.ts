import { describe, expect, it } from "vitest";
import { alertFixture } from "../../../test/helpers/alert.fixture.js";
import { makeIncident } from "../../../test/helpers/incident.fixture.js";
import { renderEmail } from "./notification-email.renderer.js";
import { buildIncidentMessage } from "./notification-incident.message.js";
import { devicesOf, type IncidentNotice, NOTICE_DEVICES_MAX, sampleIncidentNotice } from "./notification-incident.notice.js";

const rule = {
  id: "r1",
  name: "SOC incidents",
  tenantId: "tenant-guid",
  includeOrganizationName: true,
  includeTenantPortalLink: true,
  includeDeviceInformation: false,
};
const incident = makeIncident("1234", 2, {
  displayName: "Ransomware <b>activity</b> on two endpoints",
  severity: "HIGH",
  status: "ACTIVE",
  redirectIncidentId: null,
});
const notice = (over: Partial<IncidentNotice> = {}): IncidentNotice => ({
  tenantId: "tenant-guid",
  trigger: "INCIDENT_CREATED",
  incident,
  previousSeverity: null,
  alertCount: 3,
  devices: [
    { machineId: "m-1", computerDnsName: "srv-db-01", deviceGroup: "Servers" },
    { machineId: "m-2", computerDnsName: "fin-ws-07", deviceGroup: null },
  ],
  deviceCount: 2,
  deviceGroups: ["Servers"],
  ...over,
});
const build = (n: IncidentNotice, r: Partial<typeof rule> = {}, test = false) =>
  buildIncidentMessage({ deliveryId: "d1", rule: { ...rule, ...r }, tenantName: "Contoso Pharma", msspName: "Acme MSSP", notice: n, test });

describe("buildIncidentMessage", () => {
  it("tells of a new incident: name, severity, status, alert count, devices counted, tenant link, customer name", () => {
    const m = build(notice());
    const email = renderEmail(m, "Acme MSSP");
    expect(email.subject).toBe("[High] New incident: Ransomware <b>activity</b> on two endpoints (Contoso Pharma)");
    expect(email.text).toMatch(/Alerts:\s+3/);
    expect(email.text).toMatch(/Devices:\s+2/);
    expect(email.text).toMatch(/Status:\s+Active/);
    expect(email.text).toContain("https://security.microsoft.com/incidents/1234?tid=tenant-guid");
    expect(email.html).toContain("Ransomware &lt;b&gt;activity&lt;/b&gt;");
    expect(`${email.text}${JSON.stringify(m.payload)}`).not.toContain("srv-db-01");
    expect(m.payload).toEqual({
      type: "incident.created",
      deliveryId: "d1",
      rule: { id: "r1", name: "SOC incidents" },
      tenantId: "tenant-guid",
      organizationName: "Contoso Pharma",
      incident: {
        id: "1234",
        displayName: "Ransomware <b>activity</b> on two endpoints",
        severity: "HIGH",
        status: "ACTIVE",
        createdDateTime: incident.createdDateTime,
        lastUpdateDateTime: incident.lastUpdateDateTime,
        portalUrl: "https://security.microsoft.com/incidents/1234?tid=tenant-guid",
        alertCount: 3,
        deviceCount: 2,
      },
      sentBy: "Acme MSSP",
    });
  });

  it("tells of a severity rise with the severity it rose from", () => {
    const m = build(notice({ trigger: "INCIDENT_SEVERITY_RAISED", previousSeverity: "LOW" }));
    expect(m.subject).toBe("[High] Incident severity raised from Low: Ransomware <b>activity</b> on two endpoints (Contoso Pharma)");
    expect(renderEmail(m, "Acme").text).toMatch(/Severity:\s+High \(was Low\)/);
    expect(m.payload).toMatchObject({ type: "incident.severity_raised", incident: { severity: "HIGH", previousSeverity: "LOW" } });
  });

  it("names devices only with includeDeviceInformation, and leaves out the customer and tid when the rule says so", () => {
    const m = build(notice(), { includeDeviceInformation: true, includeOrganizationName: false, includeTenantPortalLink: false });
    const email = renderEmail(m, "Acme MSSP");
    expect(email.text).toContain("srv-db-01 (Servers), fin-ws-07");
    expect(m.payload).toMatchObject({
      incident: { devices: [{ machineId: "m-1", computerDnsName: "srv-db-01", deviceGroup: "Servers" }, { machineId: "m-2" }] },
    });
    expect(`${email.subject}${email.text}${email.html}${JSON.stringify(m.payload)}`).not.toContain("Contoso Pharma");
    expect(email.text).toContain("https://security.microsoft.com/incidents/1234");
    expect(email.text).not.toContain("tid=");
  });

  it("counts the devices beyond those it names", () => {
    const devices = Array.from({ length: NOTICE_DEVICES_MAX }, (_, i) => ({
      machineId: `m${i}`,
      computerDnsName: `d${i}`,
      deviceGroup: null,
    }));
    const m = build(notice({ devices, deviceCount: NOTICE_DEVICES_MAX + 5 }), { includeDeviceInformation: true });
    expect(renderEmail(m, "Acme").text).toContain("and 5 more");
  });

  it("previews an incident message in a test send with an example incident", () => {
    const created = build(
      sampleIncidentNotice({ ...rule, severities: ["MEDIUM", "HIGH"], deviceGroups: [] }, "INCIDENT_CREATED"),
      {},
      true,
    );
    expect(created.subject).toMatch(/^\[Test\] \[High\] New incident: Example incident/);
    expect(created.payload).toMatchObject({ type: "notification.test", previewOf: "incident.created", incident: { id: "example" } });
    const raised = build(
      sampleIncidentNotice({ ...rule, severities: ["MEDIUM", "HIGH"], deviceGroups: [] }, "INCIDENT_SEVERITY_RAISED"),
      {},
      true,
    );
    expect(raised.payload).toMatchObject({
      type: "notification.test",
      previewOf: "incident.severity_raised",
      incident: { severity: "MEDIUM", previousSeverity: "LOW" },
    });
    expect(renderEmail(raised, "Acme").text).toContain("This is a test notification");
  });
});

describe("devicesOf", () => {
  it("lists each device of the alerts' device evidence once, with every group", () => {
    const a = alertFixture({}, { machineId: "m-1", computerDnsName: "srv-db-01", rbacGroupName: "Servers" });
    const b = alertFixture({}, { machineId: "m-1", computerDnsName: "srv-db-01", rbacGroupName: "Servers" });
    const c = alertFixture({}, { machineId: "m-2", computerDnsName: "fin-ws-07", rbacGroupName: "Finance Workstations" });
    const facts = devicesOf([a, b, c]);
    expect(facts.deviceCount).toBe(2);
    expect(facts.devices.map((d) => d.computerDnsName)).toEqual(["srv-db-01", "fin-ws-07"]);
    expect(facts.deviceGroups.sort()).toEqual(["Finance Workstations", "Servers"]);
  });
});
