import { describe, expect, it } from "vitest";
import { makeIncident } from "../../../test/helpers/incident.fixture.js";
import { createMemoryDocuments } from "../../store/memory.documents.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { createSeverityTrail } from "./incident-severity.trail.js";

const version = (minute: number, severity: SecurityIncident["severity"]) =>
  makeIncident("7", 0, { severity, lastUpdateDateTime: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString() });

describe("severity trail", () => {
  it("answers the severity of the version before, unknown for the first one seen, the same on a replay", async () => {
    const trail = createSeverityTrail(createMemoryDocuments(null));
    expect(await trail.previous("t1", version(0, "LOW"))).toBeUndefined();
    expect(await trail.previous("t1", version(1, "HIGH"))).toBe("LOW");
    expect(await trail.previous("t1", version(2, null))).toBe("HIGH");
    expect(await trail.previous("t1", version(3, "MEDIUM"))).toBeNull();
    // A replay (a replica catching up after a restart) gets the answer the first handler got.
    expect(await trail.previous("t1", version(1, "HIGH"))).toBe("LOW");
    // Incidents of another tenant with the same id are another trail.
    expect(await trail.previous("t2", version(1, "HIGH"))).toBeUndefined();
  });

  it("gives every replica the same predecessor, whether it lags behind or races another", async () => {
    const documents = createMemoryDocuments(null);
    const [a, b] = [createSeverityTrail(documents), createSeverityTrail(documents)];
    // Replica a runs ahead through three versions; lagging b then handles them in order.
    const ahead = [
      await a.previous("t1", version(0, "LOW")),
      await a.previous("t1", version(1, "HIGH")),
      await a.previous("t1", version(2, "LOW")),
    ];
    const behind = [
      await b.previous("t1", version(0, "LOW")),
      await b.previous("t1", version(1, "HIGH")),
      await b.previous("t1", version(2, "LOW")),
    ];
    expect(ahead).toEqual([undefined, "LOW", "HIGH"]);
    expect(behind).toEqual(ahead);
    // Both handle the next two versions at the same moment: the compare-and-set loser reads again and agrees.
    const raced = await Promise.all([
      a.previous("t1", version(3, "MEDIUM")),
      b.previous("t1", version(3, "MEDIUM")),
      b.previous("t1", version(4, "HIGH")),
    ]);
    expect(raced.slice(0, 2)).toEqual(["LOW", "LOW"]);
    expect(await a.previous("t1", version(4, "HIGH"))).toBe("MEDIUM");
  });

  it("keeps the newest versions only, and prunes trails of incidents silent for too long", async () => {
    let now = Date.UTC(2026, 10, 1);
    const documents = createMemoryDocuments(null);
    const trail = createSeverityTrail(documents, { keep: 3, maxAgeMs: 60_000, now: () => now });
    for (let m = 0; m < 5; m++) await trail.previous("t1", version(m, m % 2 ? "HIGH" : "LOW"));
    // Versions 0 and 1 fell out: version 1's predecessor is no longer known.
    expect(await trail.previous("t1", version(1, "HIGH"))).toBeUndefined();
    now += 30_000;
    await trail.previous("t1", makeIncident("8", 0, { severity: "LOW" }));
    now += 45_000;
    expect(await trail.prune()).toBe(1);
    expect(await trail.previous("t1", version(5, "HIGH"))).toBeUndefined();
    expect(await trail.previous("t1", makeIncident("8", 1, { severity: "HIGH" }))).toBe("LOW");
  });
});
