import http from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { sample } from "../helpers/metrics.js";

/** A trivial web app on its own localhost port: another origin than the gateway's. */
async function startWebApp(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>SOC dashboard</title><h1>SOC dashboard</h1>"),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** What the page's own `fetch` to the gateway saw (CORS decides whether the page may read the answer). */
interface PageFetch {
  ok: boolean;
  status?: number;
  body?: { data?: { me?: { displayName: string } } };
  requestId?: string | null;
  error?: string;
}

describe.skipIf(!hasChromium)("CORS: a browser frontend on another origin", () => {
  let gw: TestGateway;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof startWebApp>>;
  let other: Awaited<ReturnType<typeof startWebApp>>;
  let token: string;

  beforeAll(async () => {
    allowed = await startWebApp();
    other = await startWebApp();
    gw = await startGateway({ CORS_ORIGINS: `${allowed.origin}, https://soc.example.com`, CORS_MAX_AGE_S: "900" });
    token = await gw.token("alice");
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await allowed?.close();
    await other?.close();
  });

  /** Opens the web app at `origin` in a fresh browser context and runs a GraphQL query from the page, as Apollo Client would send it. */
  const queryFromPage = async (origin: string): Promise<PageFetch> => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, token }) => {
          try {
            const res = await fetch(`${url}/graphql`, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${token}`,
                "apollo-require-preflight": "true",
                "x-apollo-operation-name": "Me",
                "x-request-id": "page-request-1",
              },
              body: JSON.stringify({ query: "query Me { me { displayName } }", operationName: "Me" }),
            });
            return { ok: res.ok, status: res.status, body: await res.json(), requestId: res.headers.get("x-request-id") };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { url: gw.url, token },
      );
    } finally {
      await context.close();
    }
  };

  it("lets a page on an allowed origin call the API (preflighted, with the token and Apollo's headers)", async () => {
    const r = await queryFromPage(allowed.origin);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body?.data?.me?.displayName).toBe("Alice");
    expect(r.requestId).toBe("page-request-1"); // exposed to the page
  });

  it("lets a page on an allowed origin query by GET (urql's default) and revalidate it, on the fast path", async () => {
    const counts = async () => {
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      return {
        served: sample(text, "gateway_http_fast_path_requests_total", { outcome: "served" }) ?? 0,
        notModified: sample(text, "gateway_http_request_duration_seconds_count", { method: "GET", route: "/graphql", status: "304" }) ?? 0,
      };
    };
    const before = await counts();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${allowed.origin}/`);
      const answers = await page.evaluate(
        async ({ url, token }) => {
          const get = async () => {
            const res = await fetch(`${url}/graphql?query=${encodeURIComponent("query Me { me { displayName } }")}&operationName=Me`, {
              headers: { authorization: `Bearer ${token}`, accept: "application/graphql-response+json, application/json" },
            });
            return { status: res.status, body: (await res.json()) as unknown, requestId: res.headers.get("x-request-id") };
          };
          return [await get(), await get()];
        },
        { url: gw.url, token },
      );
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.body).toEqual({ data: { me: { displayName: "Alice" } } });
      }
      // Chromium revalidated the second GET (If-None-Match with the first answer's ETag): a 304, both on the fast
      // path, and the page read the cached answer as a 200.
      expect(await counts()).toEqual({ served: before.served + 2, notModified: before.notModified + 1 });
    } finally {
      await context.close();
    }
  });

  it("blocks a page on any other origin", async () => {
    const r = await queryFromPage(other.origin);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/Failed to fetch/);
  });

  it("answers the preflight with the allowed headers, no credentials, and a cache time", async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: allowed.origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,apollo-require-preflight,x-request-id",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed.origin);
    expect(res.headers.get("access-control-max-age")).toBe("900");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const allowedHeaders = res.headers.get("access-control-allow-headers")!.split(",");
    for (const h of ["authorization", "content-type", "x-request-id", "apollo-require-preflight", "x-apollo-operation-name", "traceparent"])
      expect(allowedHeaders).toContain(h);
    expect(res.headers.get("vary")).toMatch(/origin/i);

    const refused = await fetch(`${gw.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: other.origin, "access-control-request-method": "POST" },
    });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps CSRF prevention for simple cross-origin requests", async () => {
    // A form-like GET from another site: no JSON content type, no preflight header, and no bearer (a browser
    // cannot add one without a preflight, which CORS refuses for this origin) → Apollo refuses to run it.
    const res = await fetch(`${gw.url}/graphql?query=${encodeURIComponent("{ me { displayName } }")}`, {
      headers: { origin: other.origin, accept: "application/json" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });
});

describe("CORS off by default", () => {
  it("sends no CORS headers when CORS_ORIGINS is empty", async () => {
    const gw = await startGateway();
    try {
      const res = await fetch(`${gw.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin: "http://127.0.0.1:1", "access-control-request-method": "POST" },
      });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await gw.close();
    }
  });
  it("refuses a malformed origin at startup", async () => {
    await expect(startGateway({ CORS_ORIGINS: "soc.example.com/app" })).rejects.toThrow(/CORS_ORIGINS/);
  });
});
