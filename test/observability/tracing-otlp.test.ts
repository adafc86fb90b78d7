import http from "node:http";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { startTracing } from "../../src/observability/tracing.js";
import { startGateway, TEST_ENV } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

/** Tracing is configured by the standard OTEL_* variables alone; off unless asked for. */
describe("tracing from OTEL_* settings", () => {
  it("is off by default and with OTEL_SDK_DISABLED", () => {
    expect(startTracing(loadConfig(TEST_ENV).env).enabled).toBe(false);
    expect(
      startTracing(loadConfig({ ...TEST_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9", OTEL_SDK_DISABLED: "true" }).env).enabled,
    ).toBe(false);
    expect(() => loadConfig({ ...TEST_ENV, OTEL_TRACES_EXPORTER: "zipkin" })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it("exports an operation's span over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set", async () => {
    const received: { path: string; body: string }[] = [];
    const collector = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += String(c)));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
    const port = (collector.address() as { port: number }).port;
    const gw = await startGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: "gw-under-test" });
    try {
      const res = await gw.gql("query WhoAmI { me { displayName } }");
      expect(res.body.errors).toBeUndefined();
    } finally {
      await gw.close(); // flushes the batch processor
      collector.close();
    }
    const hit = await waitFor(() => received.find((r) => r.body.includes("query WhoAmI")), { what: "the exported span" });
    expect(hit.path).toBe("/v1/traces");
    expect(hit.body).toContain("gw-under-test");
  });
});
