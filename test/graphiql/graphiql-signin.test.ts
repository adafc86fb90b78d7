import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { remoteEnvFor, startGateway, userGrant, type TestGateway } from "../helpers/gateway.js";
import { pasteHeaders } from "./graphiql.helpers.js";

const SHOTS = mkdtempSync(join(tmpdir(), "graphiql-signin-"));

/** GraphiQL against a remote-mode gateway (real sign-in): no token until one is pasted, expired tokens explained. */
describe.skipIf(!hasChromium)("GraphiQL sign-in hints (remote mode)", () => {
  let sim: Simulator;
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  const strip = () => page.locator("#gw-identity");

  beforeAll(async () => {
    sim = await createSimulator({ tenantCount: 2, alertsPerTenant: 5, seed: 3 });
    gw = await startGateway(remoteEnvFor(sim, [userGrant("alice", "TIER1_ANALYST")]));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultNavigationTimeout(100_000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await sim?.close();
  });

  it("says there is no token yet and how to sign in", async () => {
    await page.goto(`${gw.url}/graphql`, { waitUntil: "load" });
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 30_000 });
    await strip().filter({ hasText: "No token." }).waitFor({ timeout: 15_000 });
    expect(await strip().innerText()).toContain(`az account get-access-token --scope ${sim.gatewayAppId}/.default`);
    // Variables that cannot be known without a viewer name the tab to take them from.
    await page.locator(".graphiql-tab-button", { hasText: /^\s*Alert\s*$/ }).dispatchEvent("click");
    await page.waitForFunction(
      () =>
        document
          .querySelector(".graphiql-editor-tool")
          ?.textContent?.replace(/\u00a0/g, " ")
          .includes("see the Alerts tab"),
      undefined,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: join(SHOTS, "no-token.png") });
  }, 120_000);

  it("explains an expired token, then shows who a fresh one belongs to", async () => {
    await page.locator(".graphiql-tab-button", { hasText: /^\s*Me\s*$/ }).dispatchEvent("click");
    await pasteHeaders(page, { Authorization: `Bearer ${await sim.mintUserToken({ user: "alice", expiresInSec: -120 })}` });
    await page.locator(".graphiql-execute-button").click();
    await strip().filter({ hasText: "expired" }).waitFor({ timeout: 15_000 });
    expect(await strip().getAttribute("class")).toBe("gw-bad");
    expect(await strip().innerText()).toContain("az account get-access-token");
    await page.screenshot({ path: join(SHOTS, "expired.png") });

    await pasteHeaders(page, { Authorization: `Bearer ${await sim.mintUserToken({ user: "alice" })}` });
    await page.locator(".graphiql-execute-button").click();
    await strip().filter({ hasText: "Signed in as Alice" }).waitFor({ timeout: 15_000 });
    expect(await strip().innerText()).toMatch(/alice@mssp\.example\) · TIER1_ANALYST on 2 tenants/);
    await page.screenshot({ path: join(SHOTS, "signed-in.png") });
  }, 90_000);
});
