import http from "node:http";
import { verifyWebhook } from "../../src/modules/notifications/webhook.signature.js";

/** What the tests read of a webhook body; they compare the rest with `toMatchObject`. */
export interface HookPayload {
  /** "alert.created", "alert.updated", "incident.created", "incident.severity_raised", "notification.test". */
  type: string;
  tenantId?: string;
  organizationName?: string;
  rule?: { id: string };
  alert?: { id: string; portalUrl?: string };
  /** Incident messages (and test sends previewing them). */
  incident?: { id: string; portalUrl?: string; deviceCount?: number; devices?: unknown[] };
  /** A test send previewing a message: the type it previews. */
  previewOf?: string;
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: HookPayload;
  /** Signature check against the receiver's secret, done like a real receiver would. */
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Status codes to answer with for the next requests (then 204). */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A real HTTP receiver that verifies `X-Gateway-Signature` with `secret` (HMAC over `<timestamp>.<body>`). */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const queue: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const status = queue.shift() ?? 204;
      if (status < 300) {
        const verified = verifyWebhook(
          secret,
          {
            signature: req.headers["x-gateway-signature"] as string | undefined,
            timestamp: req.headers["x-gateway-timestamp"] as string | undefined,
          },
          body,
        );
        received.push({ headers: req.headers, body, json: JSON.parse(body) as HookPayload, verified });
      }
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    received,
    failNext: (...statuses) => queue.push(...statuses),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
