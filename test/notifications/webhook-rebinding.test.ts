import { afterEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/modules/notifications/delivery.error.js";
import { createWebhookSender } from "../../src/modules/notifications/notification-webhook.sender.js";
import type { ResolveHost } from "../../src/modules/notifications/webhook-url.policy.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook.receiver.js";

const SECRET = "s".repeat(32);

/** A resolver that answers each call from its script, in order (the last answer repeats): no real DNS. */
function scriptedResolver(...answers: string[][]): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const fn = (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return Promise.resolve(answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };
  return Object.assign(fn, { calls });
}

describe("webhook delivery: the address checked is the address connected to (DNS rebinding)", () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => receiver?.close());

  it("refuses a name that answers a public address to the check and 127.0.0.1 to the connection", async () => {
    receiver = await startWebhookReceiver(SECRET);
    const port = new URL(receiver.url).port;
    // 192.0.2.x is documentation space: nothing is ever sent there, the second answer is what connects.
    const resolve = scriptedResolver(["203.0.113.7"], ["127.0.0.1"]);
    const sender = createWebhookSender({ timeoutMs: 5_000, allowPrivate: false, userAgent: "test", resolve });
    const sent = sender.send({ url: `http://rebind.example:${port}/hook`, secret: SECRET, deliveryId: "d1", payload: { hello: 1 } });
    const err = await sent.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).message).toMatch(/private address 127\.0\.0\.1 at connect time/);
    expect((err as DeliveryError).permanent).toBe(true);
    expect(resolve.calls.length).toBeGreaterThanOrEqual(2); // checked once by the policy, once by the connection
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses when any resolved address is private (public first, loopback second in one answer)", async () => {
    receiver = await startWebhookReceiver(SECRET);
    const port = new URL(receiver.url).port;
    const resolve = scriptedResolver(["203.0.113.7"], ["203.0.113.7", "127.0.0.1"]);
    const sender = createWebhookSender({ timeoutMs: 5_000, allowPrivate: false, userAgent: "test", resolve });
    await expect(sender.send({ url: `http://rebind.example:${port}/hook`, secret: SECRET, deliveryId: "d2", payload: {} })).rejects.toThrow(
      /127\.0\.0\.1/,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("connects through the same resolver when private targets are allowed (the signed POST arrives)", async () => {
    receiver = await startWebhookReceiver(SECRET);
    const port = new URL(receiver.url).port;
    const resolve = scriptedResolver(["127.0.0.1"]);
    const sender = createWebhookSender({ timeoutMs: 5_000, allowPrivate: true, userAgent: "test", resolve });
    await sender.send({ url: `http://hooks.internal.example:${port}/hook`, secret: SECRET, deliveryId: "d3", payload: { ok: true } });
    expect(resolve.calls).toEqual(["hooks.internal.example"]);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ verified: true, json: { ok: true } });
  });
});
