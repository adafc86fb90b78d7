/**
 * Benchmark baseline for rows 2b/2c: a raw `node:http` server answering every POST with the same pre-serialized
 * bytes the gateway sends (read from `BASELINE_DATA`, already the whole `{"data":…}` body). No parsing, no
 * GraphQL, no express: the ceiling of what one Node process can serve on this machine.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const port = Number(process.env.BASELINE_PORT);
const body = readFileSync(process.env.BASELINE_DATA!);
const headers = { "content-type": "application/graphql-response+json; charset=utf-8", "content-length": String(body.length) };

http
  .createServer((req, res) => {
    // Drain the request body before answering, as any server reading a POST must.
    req.resume();
    req.on("end", () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  })
  .listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "baseline listening", port })));
