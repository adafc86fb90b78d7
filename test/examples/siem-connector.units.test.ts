import { describe, expect, it } from "vitest";
import { escapeCefHeader, escapeCefValue, toCef } from "../../examples/siem-connector/src/cef.format.js";
import { ConfigError, loadConnectorConfig } from "../../examples/siem-connector/src/connector.config.js";
import { backoffMs } from "../../examples/siem-connector/src/connector.loop.js";
import { parseRetryAfter } from "../../examples/siem-connector/src/feed.client.js";
import type { FeedEvent } from "../../examples/siem-connector/src/feed.types.js";
import { escapeSdValue, octetFrame, toSyslog } from "../../examples/siem-connector/src/syslog.format.js";
import { parseCef } from "./siem-connector.helpers.js";

const event: FeedEvent = {
  cursor: "1732900000000-0",
  kind: "UPDATED",
  tenantId: "t-1",
  recordedAt: "2026-11-29T20:00:00.000Z",
  alert: {
    id: "da1_2",
    title: "Pipe | back\\slash",
    description: "key=value\nnext",
    severity: "HIGH",
    status: "IN_PROGRESS",
    category: "Malware",
    detectionSource: "WINDOWS_DEFENDER_AV",
    detectorId: null,
    classification: null,
    determination: null,
    assignedTo: "analyst@mssp.example",
    createdDateTime: null,
    firstActivityDateTime: "2026-11-29T19:00:00.000Z",
    lastActivityDateTime: null,
    lastUpdateDateTime: null,
    machineId: null,
    computerDnsName: "pc-1.contoso.local",
    incidentId: 42,
    mitreTechniques: ["T1059", "T1105"],
    portalUrl: "https://security.microsoft.com/alerts/da1_2?tid=t-1",
  },
};

describe("SIEM connector formats", () => {
  it("escapes CEF header and extension values as the specification says", () => {
    expect(escapeCefHeader("a|b\\c\nd")).toBe("a\\|b\\\\c d");
    expect(escapeCefValue("a=b\\c\r\nd\re|f")).toBe("a\\=b\\\\c\\nd\\re|f");
  });

  it("maps an event to a CEF record that parses back to the same values", () => {
    const cef = toCef(event);
    expect(cef.startsWith("CEF:0|MSSP|Alert Gateway|1.0|Malware|Pipe \\| back\\\\slash|8|")).toBe(true);
    const { header, ext } = parseCef(cef);
    expect(header[5]).toBe("Pipe | back\\slash");
    expect(ext).toMatchObject({
      act: "UPDATED",
      externalId: "da1_2",
      msg: "key=value\nnext",
      start: String(Date.parse("2026-11-29T19:00:00.000Z")),
      dhost: "pc-1.contoso.local",
      duser: "analyst@mssp.example",
      cs1: "t-1",
      cs3: "1732900000000-0",
      cs5: "T1059,T1105",
      cn1: "42",
    });
    expect(ext).not.toHaveProperty("end"); // null fields are left out, not sent empty
  });

  it("frames RFC 5424 messages with RFC 6587 octet counting (bytes, not characters)", () => {
    const msg = toSyslog(event, "CEF:0|x|ü", { facility: 16, appName: "app" });
    expect(msg).toMatch(
      /^<130>1 2026-11-29T20:00:00\.000Z \S+ app \d+ UPDATED \[gateway@32473 cursor="1732900000000-0" tenantId="t-1" alertId="da1_2"\] CEF:0\|x\|ü$/,
    );
    const frame = octetFrame(msg);
    const space = frame.indexOf(0x20);
    expect(Number(frame.subarray(0, space).toString())).toBe(Buffer.byteLength(msg));
    expect(Buffer.byteLength(msg)).toBe(msg.length + 1);
    expect(escapeSdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
  });

  it("reads Retry-After as seconds or an HTTP date, and never backs off less than it", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    for (let attempt = 1; attempt < 10; attempt++) {
      expect(backoffMs(attempt, 5000, 1000)).toBeGreaterThanOrEqual(5000);
      expect(backoffMs(attempt, null, 1000)).toBeLessThanOrEqual(1000);
    }
  });

  it("validates settings together", () => {
    expect(() => loadConnectorConfig({ GATEWAY_TOKEN: "t", OUTPUT: "syslog+tcp://" })).toThrow(ConfigError);
    expect(loadConnectorConfig({ GATEWAY_TOKEN: "t", OUTPUT: "syslog+tcp://siem.example:1514" }).output).toEqual({
      kind: "syslog",
      host: "siem.example",
      port: 1514,
    });
    expect(loadConnectorConfig({ GATEWAY_TOKEN: "t", OUTPUT: "file:/tmp/x.ndjson", FILTER: '{"severities":["HIGH"]}' })).toMatchObject({
      output: { kind: "file", path: "/tmp/x.ndjson" },
      filter: { severities: ["HIGH"] },
      token: { kind: "static", token: "t" },
    });
  });
});
