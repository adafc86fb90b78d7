import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SiemFeedCursorsDocument, type SiemFeedCursorsQuery } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL, type GqlResult } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import {
  parseCef,
  startConnector,
  startFeedProxy,
  startSyslogListener,
  type ConnectorProcess,
  type FeedProxy,
  type SyslogListener,
} from "./siem-connector.helpers.js";

/** Every event cursor the token may read, in log order (the ground truth the connector's output must equal). */
async function allCursors(url: string, token: string): Promise<string[]> {
  const cursors: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResult<SiemFeedCursorsQuery> = await postGraphQL(url, SiemFeedCursorsDocument, { after, first: 1000 }, token);
    expect(res.body.errors).toBeUndefined();
    const page: SiemFeedCursorsQuery["alertEventsSince"] = res.body.data!.alertEventsSince;
    cursors.push(...page.edges.map((e) => e.cursor));
    if (!page.pageInfo.hasNextPage) return cursors;
    after = page.pageInfo.endCursor;
  }
}

const committed = (c: ConnectorProcess) => c.logs.filter((l) => l.msg === "batch committed").length;
const caughtUpAt = (c: ConnectorProcess, cursor: string) => c.logs.some((l) => l.msg === "caught up" && l["cursor"] === cursor);

// RFC 5424: <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
const SYSLOG_5424 =
  /^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S{1,255}) mssp-siem-connector (\d+) (CREATED|UPDATED) \[gateway@32473 cursor="([^"\\\]]+)" tenantId="([^"]+)" alertId="([^"]+)"\] (CEF:0\|[\s\S]*)$/;

// Every start of the connector compiles the example with tsx: seconds each on a busy machine.
const E2E_TIMEOUT_MS = 240_000;

describe("reference SIEM connector (examples/siem-connector)", () => {
  let gw: TestGateway;
  let dir: string;
  const running: ConnectorProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  let appToken: string;
  let appEnv: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "siem-connector-"));
    // The partner app path: an app-only (client credentials) token for the simulator's app, granted TIER1
    // on every tenant by a seed grant, exactly as an operator would grant a SIEM's app registration.
    const configFile = join(dir, "gateway.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        seedGrants: [{ tenantId: "*", subject: { kind: "APP", id: "00000000-0000-0000-0000-00000000a11e" }, role: "TIER1_ANALYST" }],
      }),
    );
    gw = await startGateway({ GATEWAY_CONFIG_FILE: configFile });
    await gw.synced();
    const sim = gw.app.simulator!;
    expect(sim.clientId).toBe("00000000-0000-0000-0000-00000000a11e");
    appEnv = {
      OAUTH_TOKEN_URL: `${sim.httpUrl}/${sim.msspTenantId}/oauth2/v2.0/token`,
      OAUTH_CLIENT_ID: sim.clientId,
      OAUTH_CLIENT_SECRET: sim.clientSecret,
      OAUTH_SCOPE: `${sim.gatewayAppId}/.default`,
    };
    appToken = await sim.mintAppToken({ appId: sim.clientId });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.kill("SIGKILL")));
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  afterAll(async () => {
    await gw?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    "syslog over TCP with CEF: after a kill -9 between two batches it resumes with no gap and no duplicate",
    async () => {
      const syslog: SyslogListener = await startSyslogListener();
      const proxy: FeedProxy = await startFeedProxy(gw.url);
      closers.push(
        () => syslog.close(),
        () => proxy.close(),
      );
      const tenant = gw.app.registry.ids()[0];
      const sim = gw.app.simulator!;
      // An alert whose text carries every character CEF and syslog must escape.
      const nasty = sim.control.createAlert(tenant, {
        title: "Evil | title \\ with = sign\nand a newline",
        description: 'a=b\\c|d\r\nsecond line ] "quoted"',
      });
      await gw.app.sync.syncNow(tenant);

      const env = {
        ...appEnv,
        GATEWAY_URL: proxy.url,
        OUTPUT: `syslog+tcp://127.0.0.1:${syslog.port}`,
        CHECKPOINT_FILE: join(dir, "syslog.checkpoint.json"),
        PAGE_SIZE: "7",
        POLL_INTERVAL_MS: "100",
      };
      // The 4th page request never gets an answer: the connector has committed 3 batches and waits for the next.
      proxy.plan = (n) => (n === 4 ? "hold" : undefined);
      const first = startConnector(env);
      running.push(first);
      await waitFor(() => proxy.held.has(4) && committed(first) === 3, {
        timeoutMs: 60_000,
        what: "3 committed batches and the 4th request in flight",
      });
      await first.kill("SIGKILL");

      const before = await allCursors(gw.url, appToken);
      await waitFor(() => syslog.messages.length === 21, { timeoutMs: 20_000, what: "the 3 flushed batches at the listener" });
      const checkpoint = JSON.parse(readFileSync(env.CHECKPOINT_FILE, "utf8")) as { cursor: string };
      expect(checkpoint.cursor).toBe(before[20]);

      // While it is down, alerts keep changing.
      proxy.plan = () => undefined;
      const created = sim.control.createAlert(tenant, {});
      sim.control.updateAlert(tenant, created.id, { status: "InProgress" });
      await gw.app.sync.syncNow(tenant);
      const expected = await allCursors(gw.url, appToken);
      expect(expected.length).toBeGreaterThan(before.length);

      const second = startConnector(env);
      running.push(second);
      await waitFor(() => caughtUpAt(second, expected.at(-1)!), { timeoutMs: 60_000, what: "the restarted connector to catch up" });
      await waitFor(() => syslog.messages.length >= expected.length, { timeoutMs: 20_000, what: "every event at the listener" });

      expect(syslog.errors).toEqual([]);
      const parsed = syslog.messages.map((m) => {
        const match = SYSLOG_5424.exec(m);
        expect(match, m).not.toBeNull();
        const [, pri, , , , msgId, sdCursor, sdTenant, sdAlert, cef] = match!;
        const { header, ext } = parseCef(cef);
        expect(header.slice(0, 4)).toEqual(["CEF:0", "MSSP", "Alert Gateway", "1.0"]);
        expect(Number(header[6])).toBeGreaterThanOrEqual(0);
        expect(ext["cs3Label"]).toBe("cursor");
        expect(ext["cs3"]).toBe(sdCursor);
        expect(ext["act"]).toBe(msgId);
        expect(ext["cs1"]).toBe(sdTenant);
        expect(ext["externalId"]).toBe(sdAlert);
        expect(Number(pri) >> 3).toBe(16); // local0
        return { cursor: sdCursor, header, ext };
      });
      // Exactly once, in cursor order: the output is the feed.
      expect(parsed.map((p) => p.cursor)).toEqual(expected);

      const evil = parsed.find((p) => p.ext["externalId"] === nasty.id && p.ext["act"] === "CREATED")!;
      expect(evil.header[5]).toBe("Evil | title \\ with = sign and a newline");
      expect(evil.ext["msg"]).toBe('a=b\\c|d\nsecond line ] "quoted"');
      expect(evil.ext["request"]).toContain(nasty.id);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "NDJSON file: kill -9 at arbitrary moments and a torn last line still leave every event exactly once",
    async () => {
      const output = join(dir, "events.ndjson");
      const bob = await gw.token("bob");
      const env = {
        GATEWAY_URL: gw.url,
        GATEWAY_TOKEN: bob,
        OUTPUT: `file:${output}`,
        CHECKPOINT_FILE: join(dir, "file.checkpoint.json"),
        PAGE_SIZE: "3",
        POLL_INTERVAL_MS: "100",
      };
      const expected = await allCursors(gw.url, bob);
      expect(expected.length).toBeGreaterThan(12);

      const size = () => {
        try {
          return readFileSync(output).length;
        } catch {
          return 0;
        }
      };
      // Kill as soon as the file grows: often between the write and the checkpoint.
      for (let round = 0; round < 3; round++) {
        const start = size();
        const c = startConnector(env);
        running.push(c);
        await waitFor(() => size() > start, { timeoutMs: 60_000, what: `output growth in round ${round}` });
        await c.kill("SIGKILL");
      }
      // A torn write: half a line past the checkpoint, as a crash in the middle of write() leaves it.
      appendFileSync(output, '{"cursor":"torn-');

      const last = startConnector(env);
      running.push(last);
      await waitFor(() => caughtUpAt(last, expected.at(-1)!), { timeoutMs: 60_000, what: "the last run to catch up" });
      expect(last.logs.some((l) => l.msg.startsWith("output has bytes past the checkpoint"))).toBe(true);

      const lines = readFileSync(output, "utf8").split("\n");
      expect(lines.pop()).toBe("");
      const events = lines.map(
        (l) => JSON.parse(l) as { cursor: string; kind: string; tenantId: string; alert: { id: string; severity: string } },
      );
      expect(events.map((e) => e.cursor)).toEqual(expected);
      expect(new Set(events.map((e) => e.tenantId))).toEqual(new Set([gw.app.registry.ids()[0]])); // bob: TIER1 on the first tenant only
      expect(events[0].alert.id).toMatch(/\S/);

      await expect(last.kill("SIGTERM")).resolves.toBe(0);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "backs off on RATE_LIMITED (honouring Retry-After) and on UPSTREAM_* errors, then delivers everything once",
    async () => {
      const proxy = await startFeedProxy(gw.url);
      closers.push(() => proxy.close());
      proxy.plan = (n) =>
        n === 2
          ? {
              status: 429,
              headers: { "retry-after": "2" },
              body: {
                errors: [{ message: "too many requests: retry in 2 s", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 2 } }],
              },
            }
          : n === 4
            ? {
                status: 200,
                body: {
                  data: null,
                  errors: [{ message: "Defender is unavailable", extensions: { code: "UPSTREAM_UNAVAILABLE", tenantId: "t" } }],
                },
              }
            : undefined;
      const expected = await allCursors(gw.url, appToken);
      const c = startConnector({
        ...appEnv,
        GATEWAY_URL: proxy.url,
        OUTPUT: "stdout",
        CHECKPOINT_FILE: join(dir, "stdout.checkpoint.json"),
        PAGE_SIZE: "20",
        POLL_INTERVAL_MS: "100",
        BACKOFF_MAX_MS: "500",
      });
      running.push(c);
      await waitFor(() => caughtUpAt(c, expected.at(-1)!), { timeoutMs: 60_000, what: "catching up through the errors" });

      const backoffs = c.logs.filter((l) => l.msg === "backing off");
      expect(backoffs.map((b) => b["code"])).toEqual(["RATE_LIMITED", "UPSTREAM_UNAVAILABLE"]);
      expect(backoffs[0]["retryAfterMs"]).toBe(2000);
      expect(backoffs[0]["waitMs"]).toBeGreaterThanOrEqual(2000);
      expect(backoffs[1]["waitMs"]).toBeLessThanOrEqual(500);
      const cursors = c
        .stdout()
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { cursor: string }).cursor);
      expect(cursors).toEqual(expected);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "refuses bad settings with exit code 2 and a message naming each problem",
    async () => {
      const c = startConnector({ OUTPUT: "ftp://nowhere", PAGE_SIZE: "5000" });
      expect(await c.exited).toBe(2);
      const problems = (c.logs.find((l) => l.msg.startsWith("invalid settings"))?.["problems"] ?? []) as string[];
      expect(problems.join("\n")).toMatch(/OAUTH_TOKEN_URL.*GATEWAY_TOKEN/);
      expect(problems.join("\n")).toMatch(/OUTPUT must be/);
      expect(problems.join("\n")).toMatch(/PAGE_SIZE must be an integer from 1 to 1000/);
    },
    E2E_TIMEOUT_MS,
  );
});
