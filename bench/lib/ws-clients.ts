import WebSocket from "ws";

/** One raw WebSocket client that records when each message arrived and the cursor time it carried. */
export interface Receiver {
  ws: WebSocket;
  /** Arrival time minus the event's append time (from its `<ms>-<seq>` cursor), ms. */
  latencies: number[];
  /** Alert ids of CREATED events with their arrival time (freshness). */
  arrivals: Map<string, number>;
  lastArrival: number;
  /** Earliest event append time seen (cursor ms). */
  firstCursorMs: number;
  /** Each event's append time (cursor ms), in arrival order: when the events reached the log. */
  cursorMs: number[];
  count: number;
  /** The first event message, verbatim (the raw baseline re-sends these bytes). */
  sample?: string;
}

/** A frame's text (ws hands out Buffers unless `binaryType` says otherwise). */
const rawText = (data: WebSocket.RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString();

const CURSOR = /"cursor":"(\d+)-\d+"/;
const ALERT_ID = /"alert":\{"id":"([^"]+)"/;

function receiver(ws: WebSocket, onText?: (text: string, r: Receiver) => void): Receiver {
  const r: Receiver = { ws, latencies: [], arrivals: new Map(), lastArrival: 0, firstCursorMs: Infinity, cursorMs: [], count: 0 };
  ws.on("message", (data) => {
    const now = Date.now();
    const text = rawText(data);
    const m = CURSOR.exec(text);
    if (!m) return onText?.(text, r);
    r.count += 1;
    r.sample ??= text;
    r.lastArrival = now;
    const at = Number(m[1]);
    r.latencies.push(now - at);
    r.cursorMs.push(at);
    if (at < r.firstCursorMs) r.firstCursorMs = at;
    const id = ALERT_ID.exec(text);
    if (id) r.arrivals.set(id[1], now);
  });
  return r;
}

const open = (url: string, protocol?: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, protocol, { perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });

/** graphql-transport-ws subscribers: connection_init with the token, then one `alertEvents` subscription. */
export async function connectSubscribers(wsUrl: string, tokens: string[], count: number, query: string, batch = 250): Promise<Receiver[]> {
  const out: Receiver[] = [];
  for (let i = 0; i < count; i += batch) {
    const group = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, async (_, j) => {
        const ws = await open(wsUrl, "graphql-transport-ws");
        const acked = new Promise<void>((resolve, reject) => {
          const onMessage = (d: WebSocket.RawData) => {
            if (rawText(d).includes('"connection_ack"')) {
              ws.off("message", onMessage);
              resolve();
            }
          };
          ws.on("message", onMessage);
          ws.once("close", (code) => reject(new Error(`socket closed ${code} before ack`)));
        });
        ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${tokens[(i + j) % tokens.length]}` } }));
        await acked;
        const r = receiver(ws, (text) => (text.includes('"ping"') ? ws.send('{"type":"pong"}') : undefined));
        ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
        return r;
      }),
    );
    out.push(...group);
  }
  return out;
}

/** Plain WebSocket clients of the raw-broadcast baseline. */
export async function connectRaw(wsUrl: string, count: number, batch = 250): Promise<Receiver[]> {
  const out: Receiver[] = [];
  for (let i = 0; i < count; i += batch)
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, async () => receiver(await open(wsUrl))))));
  return out;
}

export async function closeAll(rs: Receiver[]): Promise<void> {
  await Promise.all(
    rs.map(
      (r) =>
        new Promise<void>((resolve) => {
          if (r.ws.readyState === WebSocket.CLOSED) return resolve();
          r.ws.once("close", () => resolve());
          r.ws.terminate();
        }),
    ),
  );
}
