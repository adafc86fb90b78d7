import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AfterInOtherOrderDocument,
  CreateRuleForIdDocument,
  FirstPageCursorDocument,
  UpdateRuleForIdDocument,
  type NotificationRuleInput,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

/**
 * Issue 10 item 4: the store throws typed errors and one mapper turns them into client errors. Clients
 * get the right `extensions.code` and a clean message: never collection names, ids or versions.
 */
describe("store refusals reach clients as clean GraphQL errors", () => {
  let gw: TestGateway;
  const INTERNALS = /notification-rules|version \d|expected \d|access-grants|MALFORMED|OTHER_ORDERING/;

  beforeAll(async () => {
    // 2 × 60 CREATED events into a log that keeps 100: the oldest cursors are trimmed away.
    gw = await startGateway({ SIM_TENANTS: "2", SIM_ALERTS_PER_TENANT: "60", EVENT_LOG_MAX_LEN: "100" });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  it("a conflicting rule update is CONFLICT with a message that says what to do, not the store's internals", async () => {
    const tenantId = gw.app.registry.ids()[0];
    const input: NotificationRuleInput = {
      tenantId,
      name: "conflict",
      enabled: true,
      severities: ["HIGH"],
      recipients: ["soc@mssp.example"],
    };
    const created = await gw.gql(CreateRuleForIdDocument, { i: input });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data!.createNotificationRule.id;

    // Someone else saves the rule between this update's read and its write.
    const documents = gw.app.store.documents;
    const put = documents.put.bind(documents);
    let raced = false;
    documents.put = async <T>(collection: string, docId: string, value: T, expectedVersion?: number) => {
      if (!raced && collection === "notification-rules" && docId === id) {
        raced = true;
        const current = await documents.get<T>(collection, docId);
        await put(collection, docId, current!.value, current!.version);
      }
      return put(collection, docId, value, expectedVersion);
    };
    try {
      const res = await gw.gql(UpdateRuleForIdDocument, {
        id,
        i: { ...input, name: "loser" },
      });
      expect(raced).toBe(true);
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors!;
      expect(error.extensions).toEqual({ code: "CONFLICT" });
      expect(error.message).toBe("someone else changed this at the same time; reload it and try again");
      expect(error.message).not.toMatch(INTERNALS);
    } finally {
      documents.put = put;
    }
  });

  it("a page cursor that is not one of ours, or of another ordering, is BAD_USER_INPUT naming `after`", async () => {
    const garbage = await gw.gql(`{ alerts(first: 2, after: "not-a-cursor") { totalCount } }`);
    expect(garbage.body.errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(garbage.body.errors![0].message).toBe(
      "after: expected a cursor returned by this list (pageInfo.endCursor), but got something else",
    );

    const page = await gw.gql(FirstPageCursorDocument);
    const cursor = page.body.data!.alerts.pageInfo.endCursor;
    const other = await gw.gql(AfterInOtherOrderDocument, { c: cursor });
    expect(other.body.errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(other.body.errors![0].message).toBe("after: this cursor belongs to a different orderBy; restart paging without 'after'");
    for (const e of [...garbage.body.errors!, ...other.body.errors!]) expect(e.message).not.toMatch(INTERNALS);
  });

  it("an event cursor older than the log's retention is CURSOR_EXPIRED", async () => {
    await waitFor(async () => (await gw.app.store.events.read(null, 1))[0]?.cursor !== undefined, { what: "events in the log" });
    const res = await gw.gql(`{ alertEventsSince(after: "1-0", first: 5) { edges { cursor } } }`);
    expect(res.body.errors![0].extensions).toEqual({ code: "CURSOR_EXPIRED" });
    expect(res.body.errors![0].message).toMatch(/^cursor 1-0 is older than the event log's retention/);
  });
});
