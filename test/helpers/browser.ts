import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** The Chromium the browser tests drive (`CHROMIUM_PATH`, default the distribution's); they skip when it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Headless Chromium that stays off the network except where the page sends it (no updates, no first-run calls). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
