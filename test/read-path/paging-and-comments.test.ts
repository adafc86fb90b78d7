import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommentAttributionDocument, FirstAlertOfTenantDocument, PagingAlertsDocument, PagingFeedDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

describe("Relay paging fields and comment attribution", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
  });
  afterAll(() => gw?.close());

  it("fills startCursor and hasPreviousPage on alert pages and the event feed", async () => {
    const q = PagingAlertsDocument;
    const first = (await gw.gql(q)).body.data!.alerts;
    expect(first.pageInfo).toMatchObject({
      startCursor: first.edges[0].cursor,
      endCursor: first.edges[4].cursor,
      hasNextPage: true,
      hasPreviousPage: false,
    });
    const second = (await gw.gql(q, { after: first.pageInfo.endCursor })).body.data!.alerts;
    expect(second.pageInfo).toMatchObject({ startCursor: second.edges[0].cursor, hasPreviousPage: true });
    expect(second.edges[0].cursor).not.toBe(first.edges[4].cursor);

    const feed = PagingFeedDocument;
    const f1 = (await gw.gql(feed)).body.data!.alertEventsSince;
    expect(f1.pageInfo).toMatchObject({ startCursor: f1.edges[0].cursor, hasPreviousPage: false });
    const f2 = (await gw.gql(feed, { after: f1.pageInfo.endCursor })).body.data!.alertEventsSince;
    expect(f2.pageInfo).toMatchObject({ startCursor: f2.edges[0].cursor, hasPreviousPage: true });
  });

  it("shows the analyst, not the gateway's app, as the author of a comment written through the gateway", async () => {
    const tenantId = gw.app.registry.ids()[0];
    const list = await gw.gql(FirstAlertOfTenantDocument, { t: tenantId });
    const id = list.body.data!.alerts.edges[0].node.id;
    const res = await gw.gql(
      CommentAttributionDocument,
      { input: { tenantId, id, comment: "isolated the device, waiting for the customer" } },
      { user: "alice" },
    );
    expect(res.body.errors).toBeUndefined();
    const mine = res.body.data!.updateAlert.comments.at(-1)!;
    expect(mine).toMatchObject({
      comment: "isolated the device, waiting for the customer",
      author: expect.stringMatching(/^Alice\b/),
      viaGateway: true,
    });
    expect(mine.createdBy).not.toMatch(/Alice/); // upstream only knows the calling app
    // Defender itself (the portal's view) carries the analyst in the text.
    const upstream = gw.app.simulator!.control.listGraphAlerts(tenantId).find((a) => a.id === id)!;
    expect(upstream.comments.at(-1)!.comment).toMatch(/^\[Alice <alice@mssp\.example> via gateway\] isolated the device/);
    // Comments written in the portal keep their writer.
    const others = res.body.data!.updateAlert.comments.filter((c) => !c.viaGateway);
    for (const c of others) expect(c.author).toBe(c.createdBy);
  });
});
