import { timingSafeEqual } from "node:crypto";
import type { Express, Request, Response } from "express";
import { registry } from "./metrics.js";

/**
 * `GET /metrics` in the Prometheus text format. With `bearerToken` set, scrapers must send
 * `Authorization: Bearer <token>` (401 otherwise); without it, keep the port off the public network.
 */
export function mountMetricsRoute(app: Express, opts: { bearerToken?: string } = {}): void {
  const expected = opts.bearerToken ? Buffer.from(`Bearer ${opts.bearerToken}`) : null;
  app.get("/metrics", async (req: Request, res: Response) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set("www-authenticate", "Bearer").json({ error: "unauthorized" });
        return;
      }
    }
    res.set("content-type", registry.contentType);
    res.set("cache-control", "no-store");
    res.send(await registry.metrics());
  });
}
