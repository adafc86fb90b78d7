import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

/** Largest request body read, in bytes; larger bodies get 413. */
const MAX_BODY_BYTES = 1_048_576;

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** `scheme://host[:port]` the client used: discovery documents point back to the same origin. */
  origin: string;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
  /** The raw body as UTF-8 (empty string when there is none). */
  body(): Promise<string>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export interface Router {
  /** `pattern` is a path with `:name` segments; literal segments match case-insensitively, as IIS-hosted APIs do. */
  add(method: string, pattern: string, handler: Handler): void;
  /** False when no route matched (the caller answers 404). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

/**
 * A body already serialized as JSON, in parts whose concatenation is the text: `sendJson` writes their bytes as is.
 * A list page of 1,000 alerts (≈ 3.7 MB) is never built as one string: V8 keeps strings over 128 KB in fresh
 * memory of their own, and on the bench's VMs the first touch of each 4 KB of it costs ≈ 11 µs (a page fault), so
 * joining a page and encoding it took more of the simulator's time than anything else on the Graph backfill.
 */
export class JsonText {
  constructor(private readonly parts: readonly (string | Buffer)[]) {}

  /** The whole text (for the few callers that parse it again, as `$batch`). */
  get text(): string {
    return this.bytes().toString("utf8");
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  // encoded once: `byteLength` then `end(string)` would encode a 3.5 MB list page twice
  const payload = body instanceof JsonText ? body.bytes() : Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
    ...headers,
  });
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function createRouter(): Router {
  const routes: { method: string; segments: string[]; handler: Handler }[] = [];
  return {
    add(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), segments: pattern.split("/").filter(Boolean), handler });
    },
    async handle(req, res) {
      const encrypted = Boolean((req.socket as TLSSocket).encrypted);
      const local = `${req.socket.localAddress ?? "127.0.0.1"}:${req.socket.localPort ?? 0}`;
      const origin = `${encrypted ? "https" : "http"}://${req.headers.host ?? local}`;
      const url = new URL(req.url ?? "/", origin);
      const parts = url.pathname.split("/").filter(Boolean);
      for (const route of routes) {
        if (route.method !== req.method || route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        const matched = route.segments.every((seg, i) => {
          const part = parts[i];
          if (seg.startsWith(":")) {
            try {
              params[seg.slice(1)] = decodeURIComponent(part);
              return true;
            } catch {
              return false;
            }
          }
          return seg.toLowerCase() === part.toLowerCase();
        });
        if (!matched) continue;
        let body: Promise<string> | undefined;
        await route.handler({ req, res, url, origin, params, body: () => (body ??= readBody(req)) });
        return true;
      }
      return false;
    },
  };
}
