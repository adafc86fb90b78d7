import { open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";

/** What survives a crash: where the feed continues, and how far the output file had been written then. */
export interface Checkpoint {
  /** `pageInfo.endCursor` of the last batch whose output was flushed; null before the first batch. */
  cursor: string | null;
  /** Size of the output file right after that batch (null for outputs without a position). */
  outputBytes: number | null;
}

export interface CheckpointStore {
  load(): Promise<Checkpoint>;
  /** Replaces the checkpoint atomically: a crash leaves either the old or the new one, never a torn file. */
  save(checkpoint: Checkpoint): Promise<void>;
}

/** Checkpoint in a JSON file, written to a temporary file, fsynced, renamed over the old one, directory fsynced. */
export function createCheckpointStore(path: string): CheckpointStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return { cursor: null, outputBytes: null };
        throw e;
      }
      const parsed = JSON.parse(text) as Partial<Checkpoint>;
      if (parsed.cursor !== null && typeof parsed.cursor !== "string") throw new Error(`${path}: "cursor" must be a string or null`);
      return { cursor: parsed.cursor ?? null, outputBytes: typeof parsed.outputBytes === "number" ? parsed.outputBytes : null };
    },
    async save(checkpoint) {
      // One fixed name: a leftover from a crash during save is simply overwritten by the next save.
      const tmp = `${path}.tmp`;
      const file = await open(tmp, "w");
      try {
        await file.writeFile(JSON.stringify({ ...checkpoint, savedAt: new Date().toISOString() }) + "\n");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, path);
      // The rename itself is durable only once the directory entry is on disk.
      const dir = await open(dirname(path), "r");
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
  };
}
