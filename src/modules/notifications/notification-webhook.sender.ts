import { Agent, fetch, type Response } from "undici";
import { DeliveryError } from "./delivery.error.js";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./webhook.signature.js";
import { assertPublicTarget, guardedLookup, PrivateTargetError, systemResolve, type ResolveHost } from "./webhook-url.policy.js";

export interface WebhookSettings {
  timeoutMs: number;
  allowPrivate: boolean;
  userAgent: string;
  /** Name resolution of webhook hosts, for the policy check and for every connection. Default: the system resolver. */
  resolve?: ResolveHost;
}

export interface OutgoingWebhook {
  url: string;
  secret: string;
  deliveryId: string;
  payload: Record<string, unknown>;
}

export interface WebhookSender {
  /** Resolves on a 2xx answer; rejects with a DeliveryError (permanent for 4xx other than 408/425/429). */
  send(hook: OutgoingWebhook): Promise<void>;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** Signed JSON POSTs with a timeout; redirects are not followed (a redirect could lead anywhere). */
export function createWebhookSender(s: WebhookSettings): WebhookSender {
  const resolve = s.resolve ?? systemResolve;
  // Our own connection pool: its sockets resolve through the guard (the global fetch's pool would not).
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(s.allowPrivate, resolve) } });
  return {
    async send(hook) {
      try {
        await assertPublicTarget(hook.url, s.allowPrivate, resolve);
      } catch (e) {
        throw new DeliveryError((e as Error).message, true);
      }
      const body = JSON.stringify({ ...hook.payload, sentAt: new Date().toISOString() });
      const timestamp = Math.floor(Date.now() / 1000);
      let res: Response;
      try {
        res = await fetch(hook.url, {
          dispatcher,
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(s.timeoutMs),
          headers: {
            "content-type": "application/json",
            "user-agent": s.userAgent,
            [DELIVERY_HEADER]: hook.deliveryId,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
          },
          body,
        });
      } catch (e) {
        const err = e as Error;
        const reason =
          err.name === "TimeoutError" ? `timed out after ${s.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message);
        // A rebinding name is refused for good: retrying would only ask the attacker's resolver again.
        throw new DeliveryError(`webhook: ${reason}`, err.cause instanceof PrivateTargetError, { cause: e });
      }
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return;
      const permanent = res.status >= 300 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
      throw new DeliveryError(`webhook: HTTP ${res.status}`, permanent);
    },
  };
}
