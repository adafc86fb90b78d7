/**
 * Benchmark baseline #3: raw `ws` broadcast. `POST /publish {template, count, arrivalsMs?}` sends `count` messages
 * to every client, each serialized once (the template with a fresh `<ms>-<seq>` cursor), exactly the bytes the
 * gateway sent. `arrivalsMs` (offsets from the first, ms) replays when the gateway's events reached its log: event
 * `i` "arrives" at that offset and its cursor carries the arrival time, so its latency includes waiting behind the
 * events before it, as the gateway's does (its cursor is the append time). Without it, each cursor is the send time.
 */
import http from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.env.BASELINE_PORT);
const TEXT = { binary: false } as const;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += String(c)));
  req.on("end", () => {
    if (req.url === "/clients") return res.end(JSON.stringify({ clients: wss.clients.size }));
    const { template, count, arrivalsMs } = JSON.parse(body) as { template: string; count: number; arrivalsMs?: number[] };
    const t0 = Date.now();
    let i = 0;
    // One event per macrotask, like events arriving from a log: lets sockets flush between events.
    const next = () => {
      if (i >= count) return res.end("{}");
      const arrival = arrivalsMs ? t0 + (arrivalsMs[i] ?? arrivalsMs.at(-1) ?? 0) : Date.now();
      if (arrival > Date.now()) return void setTimeout(next, arrival - Date.now());
      // Encoded once per event, as the gateway shares one frame per group (a string would be encoded per socket).
      const msg = Buffer.from(template.replace(/"cursor":"\d+-\d+"/, `"cursor":"${arrival}-${i}"`));
      for (const ws of wss.clients) ws.send(msg, TEXT);
      i += 1;
      setImmediate(next);
    };
    next();
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
server.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "baseline listening", port })));
