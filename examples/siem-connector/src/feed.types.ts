/** One alert event as the connector selects it from `alertEventsSince` (see feed.client.ts for the query). */
export interface FeedEvent {
  cursor: string;
  kind: "CREATED" | "UPDATED";
  tenantId: string;
  recordedAt: string;
  alert: {
    id: string;
    title: string;
    description: string | null;
    severity: string;
    status: string;
    category: string | null;
    detectionSource: string | null;
    detectorId: string | null;
    classification: string | null;
    determination: string | null;
    assignedTo: string | null;
    createdDateTime: string | null;
    firstActivityDateTime: string | null;
    lastActivityDateTime: string | null;
    lastUpdateDateTime: string | null;
    machineId: string | null;
    computerDnsName: string | null;
    incidentId: number | null;
    mitreTechniques: string[];
    portalUrl: string;
  };
}

export interface FeedPage {
  events: FeedEvent[];
  /** Where the next page continues; may lie past the last event (filtered or foreign events skipped). */
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A sink writes a batch and resolves only once it is flushed (file: fsynced; socket: handed to the kernel). */
export interface EventSink {
  /**
   * Brings the output in line with the last checkpoint after a crash (a file is truncated to `outputBytes`,
   * dropping what was written after the checkpoint: those events are read again) and returns the position to use.
   */
  recover(outputBytes: number | null): Promise<number | null>;
  write(events: readonly FeedEvent[]): Promise<void>;
  /** Output position to store with the cursor (bytes of a file), or null when the output has none. */
  position(): number | null;
  close(): Promise<void>;
}
