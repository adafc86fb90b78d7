export type MirrorState = "building" | "ready" | "resyncing" | "stale";

/** What an operator (metrics, /readyz, tests) sees of a replica's mirror. */
export interface MirrorStatus {
  /**
   * `building`: the first build from Redis runs (reads still go to Redis); `ready`: reads are answered from memory and
   * the event feed is followed; `resyncing`: a gap in the feed (a trimmed range) is being repaired from Redis while
   * reads keep being answered; `stale`: Redis does not answer: reads are answered from memory as of the outage.
   */
  state: MirrorState;
  /** The first build finished: reads are answered from memory. */
  built: boolean;
  /** How long the first build took, ms (null while it runs). */
  buildMs: number | null;
  /** Per log: age of the oldest event this replica has not applied yet, s (0 when caught up; last value while stale). */
  lagSeconds: { alerts: number; incidents: number };
  /** Resyncs after a gap since start. */
  resyncs: number;
}

/** What the rest of the gateway sees of a replica's mirror (`Store.mirror`). */
export interface StoreMirror {
  /** Resolves when the first build finished (it retries until Redis answers); never rejects. */
  built: Promise<void>;
  /** The first build finished: reads are answered from memory. */
  ready(): boolean;
  status(): MirrorStatus;
  /** Repairs from Redis now (what a detected gap triggers); resolves when done. */
  resync(reason: string): Promise<void>;
}
