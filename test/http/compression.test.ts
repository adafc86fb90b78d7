import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SSE_PATH } from "../../src/transport/transport.constants.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers (fetch would add and undo Accept-Encoding itself). */
function raw(
  url: string,
  opts: { method?: string; headers: Record<string, string>; body?: string; headersOnly?: boolean },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "POST", headers: opts.headers }, (res) => {
      if (opts.headersOnly) {
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.alloc(0) });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const BIG =
  "{ alerts(first: 60) { totalCount edges { cursor node { id title description severity status evidence { entityType fileName sha256 } } } } }";

describe("response compression", () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
    token = await gw.token("alice");
  });
  afterAll(() => gw?.close());

  const post = (query: string, acceptEncoding: string) =>
    raw(`${gw.url}/graphql`, {
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "accept-encoding": acceptEncoding },
      body: JSON.stringify({ query }),
    });

  it("compresses a large JSON answer with the encoding the client prefers (br, else gzip)", async () => {
    const plain = await post(BIG, "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const json = JSON.parse(plain.body.toString("utf8"));
    expect(json.data.alerts.edges.length).toBe(60);

    const br = await post(BIG, "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.body).toString("utf8"))).toEqual(json);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);

    const gz = await post(BIG, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.body).toString("utf8"))).toEqual(json);
  });

  it("leaves small answers alone", async () => {
    const small = await post("{ __typename }", "gzip, br");
    expect(small.status).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
  });

  it("never compresses an event stream", async () => {
    const sse = await raw(`${gw.url}${SSE_PATH}`, {
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${token}`,
        "accept-encoding": "gzip, br",
      },
      body: JSON.stringify({ query: "subscription { alertEvents { cursor } }" }),
      headersOnly: true,
    });
    expect(sse.status).toBe(200);
    expect(sse.headers["content-type"]).toMatch(/text\/event-stream/);
    // graphql-sse itself answers `content-encoding: none` (a hint for proxies); anything but gzip/br is fine.
    expect(sse.headers["content-encoding"] ?? "none").toBe("none");
  });
});
