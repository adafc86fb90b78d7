import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

const DOCKER = resolve(dirname(fileURLToPath(import.meta.url)), "../../docker");
const yamlFile = (path: string): unknown => parse(readFileSync(join(DOCKER, path), "utf8"));
const jsonFile = (path: string): unknown => JSON.parse(readFileSync(join(DOCKER, path), "utf8"));

interface Compose {
  services: Record<string, { image?: string; volumes?: string[]; command?: string[] }>;
}
interface RuleFile {
  groups: {
    name: string;
    rules: { alert: string; expr: string; for?: string; labels: { severity: string }; annotations: { summary: string } }[];
  }[];
}
interface Dashboard {
  uid: string;
  panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; datasource: { uid: string } }[] }[];
  templating: { list: { name: string; definition: string; datasource: { uid: string } }[] };
}

// Names PromQL knows that are neither functions nor metrics of the gateway.
const PROMQL_WORDS = new Set([
  "sum",
  "min",
  "max",
  "avg",
  "count",
  "by",
  "without",
  "rate",
  "increase",
  "irate",
  "histogram_quantile",
  "label_values",
  "le",
  "bool",
  "and",
  "or",
  "unless",
  "on",
  "ignoring",
  "offset",
  "humanizeDuration",
]);
// Series Prometheus makes itself for every target.
const PROMETHEUS_SERIES = new Set(["up"]);

/** Metric names an expression refers to: identifiers not inside a label matcher `{…}`, not a function or keyword, not a label name in `by (…)`. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/label_values\(([^,]*),\s*\w+\)/g, "$1") // Grafana variable query: the second argument is a label
    .replace(/\{[^}]*\}/g, "") // label matchers and Grafana's {{legend}}
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "") // grouping label lists
    .replace(/\[[^\]]*\]/g, "") // range selectors ([5m], [$__rate_interval])
    .replace(/"[^"]*"/g, "")
    .replace(/\$\w+/g, "");
  const names = stripped.match(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b/g) ?? [];
  return names.filter((n) => !PROMQL_WORDS.has(n) && !/^\d/.test(n) && !/^[0-9.]+[smhd]?$/.test(n));
}

/** `# TYPE name kind` lines of a /metrics answer; histograms also expose `_bucket`, `_sum`, `_count`, summaries `_sum`, `_count`. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, kind] = m as unknown as [string, string, string];
    names.add(name);
    if (kind === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
    if (kind === "summary") for (const s of ["_sum", "_count"]) names.add(name + s);
  }
  return names;
}

describe("Prometheus and Grafana files in docker/", () => {
  let gw: TestGateway;
  let exposed: Set<string>;
  let metricsText: string;
  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    metricsText = await res.text();
    exposed = exposedNames(metricsText);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const rules = () => yamlFile("prometheus/alerts.yml") as RuleFile;
  const dashboard = () => jsonFile("grafana/dashboards/mssp-alert-gateway.json") as Dashboard;

  it("exposes prom-client's default metrics under their standard names, without a constant label", () => {
    expect(exposed).toContain("process_cpu_seconds_total");
    expect(exposed).toContain("process_resident_memory_bytes");
    expect(exposed).toContain("nodejs_eventloop_lag_p99_seconds");
    expect(exposed).toContain("nodejs_heap_size_used_bytes");
    expect(metricsText).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metricsText).not.toMatch(/^gateway_(process|nodejs)_/m);
    expect(metricsText).not.toContain('service="');
  });

  it("the compose file runs Prometheus and Grafana with the provisioning files", () => {
    const compose = yamlFile("compose.yaml") as Compose;
    const prometheus = compose.services["prometheus"];
    const grafana = compose.services["grafana"];
    expect(prometheus.volumes).toEqual(
      expect.arrayContaining([
        "./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
        "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro",
      ]),
    );
    expect(prometheus.command).toContain("--config.file=/etc/prometheus/prometheus.yml");
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        "./grafana/provisioning:/etc/grafana/provisioning:ro",
        "./grafana/dashboards:/var/lib/grafana/dashboards:ro",
      ]),
    );
    for (const service of [prometheus, grafana]) {
      const localSources = (service.volumes ?? []).map((volume) => volume.split(":")[0]).filter((source) => source.startsWith("."));
      expect(
        localSources.filter((source) => !existsSync(join(DOCKER, source))),
        "bind-mounted sources missing",
      ).toEqual([]);
    }

    const config = yamlFile("prometheus/prometheus.yml") as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.rule_files).toEqual(["/etc/prometheus/alerts.yml"]);
    const job = config.scrape_configs.find((c) => c.job_name === "mssp-alert-gateway")!;
    // Both replicas listen in the simulator's network namespace (ports 4000 and 4001).
    expect(job.static_configs.flatMap((c) => c.targets)).toEqual(["simulator:4000", "simulator:4001"]);
    expect(compose.services["gateway-1"]).toBeDefined();

    const datasources = yamlFile("grafana/provisioning/datasources/prometheus.yml") as {
      datasources: { uid: string; url: string; type: string }[];
    };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ uid: "prometheus", type: "prometheus", url: "http://prometheus:9090" }),
    ]);
    const providers = yamlFile("grafana/provisioning/dashboards/dashboards.yml") as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(providers.providers[0].options.path).toBe("/var/lib/grafana/dashboards");
  });

  it("every alert rule is complete and refers only to metrics the gateway exposes", () => {
    const all = rules().groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const used = new Set<string>();
    for (const rule of all) {
      expect(rule.alert, JSON.stringify(rule)).toMatch(/^Gateway[A-Za-z]+$/);
      expect(["critical", "warning", "info"]).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.for ?? "0s").toMatch(/^\d+[smh]$/);
      for (const name of metricNames(rule.expr)) {
        used.add(name);
        expect(exposed.has(name) || PROMETHEUS_SERIES.has(name), `${rule.alert}: ${name}`).toBe(true);
      }
    }
    // The topics the rules must cover.
    for (const name of [
      "gateway_sync_lag_seconds",
      "gateway_upstream_throttled_total",
      "gateway_upstream_budget_remaining",
      "gateway_graphql_errors_total",
      "gateway_alert_events_total",
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it("every dashboard query refers only to metrics the gateway exposes, through the provisioned datasource", () => {
    const d = dashboard();
    expect(d.uid).toBe("mssp-alert-gateway");
    const used = new Set<string>();
    const queries = [
      ...d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr, uid: t.datasource.uid }))),
      ...d.templating.list.map((v) => ({ where: `variable ${v.name}`, expr: v.definition, uid: v.datasource.uid })),
    ];
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries) {
      expect(q.uid, q.where).toBe("prometheus");
      const names = metricNames(q.expr);
      expect(names.length, `${q.where}: ${q.expr}`).toBeGreaterThan(0);
      for (const name of names) {
        used.add(name);
        expect(exposed.has(name) || PROMETHEUS_SERIES.has(name), `${q.where}: ${name}`).toBe(true);
      }
    }
    for (const name of [
      "gateway_sync_lag_seconds",
      "gateway_upstream_throttled_total",
      "gateway_upstream_budget_remaining",
      "gateway_subscribers",
      "gateway_alert_events_total",
      "gateway_graphql_errors_total",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it("the metric-name check catches a name the gateway does not expose", () => {
    expect(metricNames("label_values(gateway_sync_lag_seconds, tenant)")).toEqual(["gateway_sync_lag_seconds"]);
    expect(metricNames('sum by (tenant) (rate(gateway_nope_total{tenant=~"$tenant"}[5m])) > 0')).toEqual(["gateway_nope_total"]);
    expect(exposed.has("gateway_nope_total")).toBe(false);
  });
});
