import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { createInterface } from "node:readline";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ConnectorProcess {
  child: ChildProcess;
  /** JSON log lines from stderr, in order. */
  logs: { msg: string; [k: string]: unknown }[];
  stdout(): string;
  exited: Promise<number | string | null>;
  kill(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Starts the example exactly as its README says: `node --import tsx examples/siem-connector/src/main.ts`. */
export function startConnector(env: Record<string, string>): ConnectorProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/siem-connector/src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: ConnectorProcess["logs"] = [];
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  createInterface({ input: child.stderr }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as ConnectorProcess["logs"][number]);
    } catch {
      logs.push({ msg: `non-JSON stderr: ${line}` });
    }
  });
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return {
    child,
    logs,
    stdout: () => out,
    exited,
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A TCP syslog receiver that splits RFC 6587 octet-counted frames (and fails loudly on anything else). */
export interface SyslogListener {
  port: number;
  messages: string[];
  /** Framing errors seen (must stay empty). */
  errors: string[];
  close(): Promise<void>;
}

export async function startSyslogListener(): Promise<SyslogListener> {
  const messages: string[] = [];
  const errors: string[] = [];
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const space = buf.indexOf(0x20);
        if (space < 0) break;
        const lenText = buf.subarray(0, space).toString("ascii");
        if (!/^[1-9]\d{0,8}$/.test(lenText)) {
          errors.push(`bad frame length "${lenText.slice(0, 20)}"`);
          socket.destroy();
          return;
        }
        const len = Number(lenText);
        if (buf.length < space + 1 + len) break;
        messages.push(buf.subarray(space + 1, space + 1 + len).toString("utf8"));
        buf = buf.subarray(space + 1 + len);
      }
    });
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * HTTP proxy in front of the gateway that counts GraphQL requests and can hold one (never answer it, as if
 * the gateway were slow) or answer one itself (an injected error), so a test can act at an exact point.
 */
export interface FeedProxy {
  url: string;
  /** GraphQL POSTs seen so far (held and injected ones included). */
  count: number;
  /** Numbers (1-based) of requests currently held open. */
  held: Set<number>;
  /** Decide per request number: "hold", an injected answer, or undefined to forward. */
  plan: (n: number) => "hold" | { status: number; headers?: Record<string, string>; body: unknown } | undefined;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

export async function startFeedProxy(target: string): Promise<FeedProxy> {
  const proxy: FeedProxy = { url: "", count: 0, held: new Set(), plan: () => undefined, close: () => Promise.resolve() };
  const server: Server = createHttpServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const n = ++proxy.count;
      const plan = proxy.plan(n);
      if (plan === "hold") {
        proxy.held.add(n);
        req.socket.once("close", () => proxy.held.delete(n));
        return;
      }
      if (plan) {
        res.writeHead(plan.status, { "content-type": "application/json", ...plan.headers });
        res.end(JSON.stringify(plan.body));
        return;
      }
      const headers: Record<string, string> = {};
      for (const k of ["content-type", "accept", "authorization"]) if (typeof req.headers[k] === "string") headers[k] = req.headers[k];
      const upstream = await fetch(`${target}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : new Uint8Array(body),
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k === "content-type" || k === "retry-after") out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch((e: unknown) => {
      res.writeHead(502);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/** Splits a CEF:0 record into its 7 header fields (unescaped) and extension map (unescaped). */
export function parseCef(record: string): { header: string[]; ext: Record<string, string> } {
  const header: string[] = [];
  let i = 0;
  let field = "";
  while (header.length < 7) {
    const c = record[i++];
    if (c === undefined) throw new Error(`truncated CEF header: ${record}`);
    if (c === "\\") field += record[i++];
    else if (c === "|") {
      header.push(field);
      field = "";
    } else field += c;
  }
  const rest = record.slice(i);
  const ext: Record<string, string> = {};
  // Keys start after a space (or at the start) and end at an unescaped '='; values run to the next key.
  const keyAt = /(?:^| )([A-Za-z0-9]+)=/g;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  // An escaped '=' is preceded by '\', never by a key character, so it cannot start a key.
  for (let m = keyAt.exec(rest); m; m = keyAt.exec(rest)) {
    keys.push({ key: m[1], start: m.index, valueStart: m.index + m[0].length });
  }
  keys.forEach((k, idx) => {
    const raw = rest.slice(k.valueStart, idx + 1 < keys.length ? keys[idx + 1].start : rest.length);
    ext[k.key] = raw.replace(/\\(.)/g, (_, ch: string) => (ch === "n" ? "\n" : ch === "r" ? "\r" : ch));
  });
  return { header, ext };
}
