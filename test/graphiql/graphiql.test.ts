import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pasteHeaders } from "./graphiql.helpers.js";

const SHOTS = mkdtempSync(join(tmpdir(), "graphiql-shots-"));
const SCREENSHOT = join(SHOTS, "alerts-run.png");
const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
const isLocal = (url: string) => LOCAL.test(url) || url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";

/** GraphiQL at GET /graphql in a real (headless) browser: loads offline, runs queries, no console errors. */
describe.skipIf(!hasChromium)("GraphiQL in a browser", () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  const leaked: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // The tests sync on demand (synced(), syncNow). Background polling at the test default (200 ms) would spend the
    // tenant's per-minute sync budget within ~15 s, about when the 9 MB page has loaded, and the live tab's syncNow
    // would then be refused (UPSTREAM_THROTTLED): no new alert, no event.
    gw = await startGateway({ SYNC_POLL_INTERVAL_MS: "60000" });
    await gw.synced();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Every request of the page and its workers: anything not local is aborted and recorded.
    // Only non-local requests are intercepted (intercepting local ones would buffer the live event stream).
    await context.route(
      (url) => !isLocal(url.href),
      (route) => {
        leaked.push(route.request().url());
        return route.abort("blockedbyclient");
      },
    );
    page = await context.newPage();
    // The page is 9 MB of inlined GraphiQL: on a busy 2-core machine loading it can take tens of seconds.
    page.setDefaultNavigationTimeout(100_000);
    page.on("websocket", (ws) => (isLocal(ws.url()) ? undefined : leaked.push(ws.url())));
    page.on("requestfailed", (r) => (isLocal(r.url()) ? undefined : leaked.push(r.url())));
    page.on("console", (m) => (m.type() === "error" ? consoleErrors.push(m.text()) : undefined));
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  // Monaco renders spaces as U+00A0.
  const responseText = async () => (await page.locator(".graphiql-response").innerText()).replace(/\u00a0/g, " ");
  /** Waits for the response pane to show `text`; on a timeout, fails with what the pane shows and a screenshot. */
  const responseContaining = (text: string, shot: string) =>
    page
      .waitForFunction((t) => document.querySelector(".graphiql-response")?.textContent?.includes(t), text, { timeout: 15_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: join(SHOTS, shot) });
        throw new Error(`${String(e)}; response: ${await responseText()}; shots: ${SHOTS}`);
      });
  const openTab = async (name: string) => {
    // The tab strip is a drag-to-reorder list: a synthetic click selects without starting a drag gesture.
    await page
      .locator(".graphiql-tab-button", { hasText: new RegExp(`^\\s*${name}\\s*$`) })
      .dispatchEvent("click", undefined, { timeout: 5_000 });
    await page
      .locator(".graphiql-tab-active .graphiql-tab-button", { hasText: new RegExp(`^\\s*${name}\\s*$`) })
      .waitFor({ timeout: 5_000 });
    // GraphiQL takes the tab's operation name from its query editor after a debounce (~50 ms), and its URL's `query`
    // follows at the same moment. Running before that sends the new query under the previous tab's operation name
    // ("Cannot infer operation …"); a person cannot click that fast, a test can.
    await page.waitForFunction(
      (op) => new RegExp(`\\b(query|mutation|subscription)\\s+${op}\\b`).test(new URL(location.href).searchParams.get("query") ?? ""),
      name,
      { timeout: 5_000 },
    );
  };

  it("serves the page at GET /graphql and renders the editor with the example tabs", async () => {
    const res = await page.goto(`${gw.url}/graphql`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-type"]).toMatch(/text\/html/);
    await page.locator(".graphiql-container").first().waitFor({ timeout: 20_000 });
    await page.locator(".graphiql-execute-button").waitFor();
    const tabs = (await page.locator(".graphiql-tab-button").allInnerTexts()).map((t) => t.trim());
    expect(tabs).toEqual(expect.arrayContaining(["Alerts", "Tenants", "Me"]));
    // Analyst order: alerts, one alert, act on it, live events, then access, then notifications.
    const at = (name: string) => tabs.indexOf(name);
    expect(tabs[0]).toBe("Alerts");
    for (const [a, b] of [
      ["Alerts", "Alert"],
      ["Alert", "UpdateAlert"],
      ["UpdateAlert", "AlertEvents"],
      ["AlertEvents", "AccessGrants"],
      ["AccessGrants", "RequestAccess"],
      ["RequestAccess", "NotificationRules"],
    ])
      expect(at(a), `${a} before ${b}`).toBeLessThan(at(b));
    expect((await page.locator(".graphiql-tab-active .graphiql-tab-button").innerText()).trim()).toBe("Alerts");
    // The first tab's variables are there too (GraphiQL fills its editor from storage, not from the tab).
    await page.waitForFunction(
      () =>
        document
          .querySelector(".graphiql-editor-tool")
          ?.textContent?.replace(/\u00a0/g, " ")
          .includes('"first": 20'),
      undefined,
      { timeout: 10_000 },
    );
    // The title stays on one line.
    const title = await page.locator(".graphiql-logo span").boundingBox();
    expect(title!.height).toBeLessThan(30);
    // Who am I: the demo analyst and her roles.
    const identity = page.locator("#gw-identity");
    await identity.filter({ hasText: "Signed in as Alice" }).waitFor({ timeout: 15_000 });
    expect(await identity.innerText()).toMatch(/TIER2_ANALYST on 3 tenants · token valid until \d\d:\d\d/);
    await page.screenshot({ path: join(SHOTS, "opened.png") });
  }, 120_000);

  it("runs the Alert and UpdateAlert tabs as they open: variables name a real alert of the analyst's tenant", async () => {
    await openTab("Alert");
    await page.locator(".graphiql-execute-button").click();
    await responseContaining('"mitreTechniques"', "alert-failed.png");
    let text = await responseText();
    expect(text).not.toMatch(/"errors"/);
    const id = /"id": "([^"]+)"/.exec(text)?.[1];
    expect(id).toMatch(/^da/);
    await page.screenshot({ path: join(SHOTS, "alert-run.png") });

    await openTab("UpdateAlert");
    await page.locator(".graphiql-execute-button").click();
    await responseContaining('"updateAlert"', "update-alert-failed.png");
    text = await responseText();
    expect(text).not.toMatch(/"errors"/);
    expect(text).toContain(`"id": "${id}"`);
    expect(text).toContain('"status": "IN_PROGRESS"');
    expect(text).toMatch(/"author": "Alice <alice@mssp.example>"/);
  }, 60_000);

  it("renders GraphiQL on a reload whose URL carries ?query= (back on that tab, no duplicate tab)", async () => {
    await openTab("Alert");
    const before = (await page.locator(".graphiql-tab-button").allInnerTexts()).length;
    const query = await page.evaluate(
      () => JSON.parse(localStorage.getItem("graphiql:tabState")!).tabs.find((t: { title: string }) => t.title === "Alert").query as string,
    );
    const res = await page.goto(`${gw.url}/graphql?query=${encodeURIComponent(query)}`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-type"]).toMatch(/text\/html/);
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 20_000 });
    expect((await page.locator(".graphiql-tab-active .graphiql-tab-button").innerText()).trim()).toBe("Alert");
    expect((await page.locator(".graphiql-tab-button").allInnerTexts()).length).toBe(before);
    await page.screenshot({ path: join(SHOTS, "reloaded.png") });
    // API clients still get JSON for GET queries.
    const api = await fetch(`${gw.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "1", authorization: `Bearer ${await gw.token("alice")}` },
    });
    expect(await api.json()).toEqual({ data: { __typename: "Query" } });
  }, 120_000);

  it("runs a query with the run button and shows alerts across tenants", async () => {
    await openTab("Alerts");
    await page.locator(".graphiql-execute-button").click();
    await page.waitForFunction(() => document.querySelector(".graphiql-response")?.textContent?.includes('"totalCount"'), undefined, {
      timeout: 15_000,
    });
    const text = await responseText();
    expect(text).toMatch(/"alerts"/);
    expect(text).toMatch(/"severity": "(HIGH|MEDIUM|LOW|INFORMATIONAL|UNKNOWN)"/);
    expect(text).not.toMatch(/"errors"/);
    await page.screenshot({ path: SCREENSHOT });
  });

  it("runs a query with Ctrl+Enter and shows the caller's tenants", async () => {
    const names = gw.app.registry.ids().map((id) => gw.app.registry.get(id)!.name);
    await openTab("Tenants");
    await page.locator(".graphiql-query-editor").click();
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(
      (name) =>
        document
          .querySelector(".graphiql-response")
          ?.textContent?.replace(/\u00a0/g, " ")
          .includes(name),
      names[0],
      { timeout: 15_000 },
    );
    expect(await responseText()).toContain('"tenants"');
  });

  it("runs the live subscription tab (graphql-sse, with the header token) and shows a new alert", async () => {
    await openTab("AlertEvents");
    await page.locator(".graphiql-execute-button").click();
    const sim = gw.app.simulator!;
    const tenant = sim.tenants[0].id;
    // Alerts keep arriving until one shows up in the result pane (the socket may still be connecting).
    await waitFor(
      async () => {
        sim.control.createAlert(tenant, { title: "Seen live in GraphiQL" });
        await gw.app.sync.syncNow(tenant);
        return page
          .waitForFunction(
            () =>
              document
                .querySelector(".graphiql-response")
                ?.textContent?.replace(/\u00a0/g, " ")
                .includes("Seen live in GraphiQL"),
            undefined,
            { timeout: 1_000 },
          )
          .then(
            () => true,
            () => false,
          );
      },
      { timeoutMs: 20_000, what: "the live alert in the GraphiQL result pane" },
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; result pane: ${await responseText()}`);
    });
    expect(await responseText()).toMatch(/"kind": "CREATED"/);
    await page.locator(".graphiql-execute-button").click(); // stop the subscription
  });

  it("made no request outside localhost and logged no console errors", () => {
    expect(leaked).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  // Last: the refused request is a (wanted) console error, which the check above would count.
  it("tells the analyst to reload the page when the token has expired (embedded demo)", async () => {
    await openTab("Tenants");
    await pasteHeaders(page, { Authorization: `Bearer ${await gw.token("alice", { expiresInSec: -60 })}` });
    await page.locator(".graphiql-execute-button").click();
    await page.locator("#gw-identity", { hasText: "expired" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#gw-identity").innerText()).toContain("Reload the page for a fresh demo token");
    await page.screenshot({ path: join(SHOTS, "expired-embedded.png") });
  }, 60_000);
});
