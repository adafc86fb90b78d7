import { timingSafeEqual } from "node:crypto";
import type { Express, Request, Response } from "express";
import { registry } from "./metrics.js";

/**
 * `GET /metrics` in the Prometheus text format. With `bearerToken` set, scrapers must send
 * `Authorization: Bearer <token>` (401 otherwise); without it, `authorize` (set when HOST is not
 * loopback: an admin's gateway token) decides, and with neither the route is open.
 */
export function mountMetricsRoute(
  app: Express,
  opts: { bearerToken?: string; authorize?: (authorization: string | undefined) => Promise<boolean> } = {},
): void {
  const expected = opts.bearerToken ? Buffer.from(`Bearer ${opts.bearerToken}`) : null;
  app.get("/metrics", async (req: Request, res: Response) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set("www-authenticate", "Bearer").json({ error: "unauthorized" });
        return;
      }
    } else if (opts.authorize) {
      // No scrape token configured but the port is reachable from elsewhere: an admin's bearer is required.
      if (!(await opts.authorize(req.headers.authorization))) {
        res.status(401).set("www-authenticate", "Bearer").json({ error: "unauthorized" });
        return;
      }
    }
    res.set("content-type", registry.contentType);
    res.set("cache-control", "no-store");
    res.send(await registry.metrics());
  });
}
