import { open, stat, type FileHandle } from "node:fs/promises";
import type { EventSink, FeedEvent } from "./feed.types.js";
import type { Logger } from "./logger.js";

/** One JSON object per line: the event as the feed returned it (cursor, kind, tenantId, recordedAt, alert). */
const toLines = (events: readonly FeedEvent[]): string => events.map((e) => JSON.stringify(e) + "\n").join("");

/**
 * NDJSON appended to a file. A batch is written in one call and fsynced before the checkpoint moves, and
 * after a crash the file is cut back to the size stored with the checkpoint, so every event appears
 * exactly once even when the process dies in the middle of a batch.
 */
export function createNdjsonFileSink(path: string, log: Logger): EventSink {
  let file: FileHandle | null = null;
  let size = 0;
  return {
    async recover(outputBytes) {
      file = await open(path, "a+");
      size = (await file.stat()).size;
      if (outputBytes !== null && size > outputBytes) {
        log.warn("output has bytes past the checkpoint (crash during a batch): cutting them, they are read again", {
          path,
          from: size,
          to: outputBytes,
        });
        await file.truncate(outputBytes);
        await file.sync();
        size = outputBytes;
      } else if (outputBytes !== null && size < outputBytes) {
        // Rotated or truncated by someone else: nothing to undo, continue at its end.
        log.warn("output file is shorter than at the checkpoint (rotated?): appending from its end", {
          path,
          size,
          checkpoint: outputBytes,
        });
      }
      return size;
    },
    async write(events) {
      if (!file) throw new Error("recover() must run before write()");
      const bytes = Buffer.from(toLines(events), "utf8");
      try {
        await file.write(bytes, 0, bytes.length, null);
        await file.sync();
      } catch (e) {
        // A partial write (disk full) must not stay in front of the retried batch.
        await file.truncate(size).catch(() => undefined);
        throw e;
      }
      size += bytes.length;
    },
    position: () => size,
    async close() {
      await file?.close();
      file = null;
    },
  };
}

/**
 * NDJSON on stdout. Resolves a batch once Node has handed it to the pipe; a crash in the middle of a batch
 * can repeat that batch (stdout cannot be cut back), so consumers de-duplicate on `cursor`.
 */
export function createNdjsonStdoutSink(): EventSink {
  return {
    recover: () => Promise.resolve(null),
    write: (events) => new Promise<void>((resolve, reject) => process.stdout.write(toLines(events), (e) => (e ? reject(e) : resolve()))),
    position: () => null,
    close: () => Promise.resolve(),
  };
}

/** Size of a file, or 0 when it does not exist (tests, tooling). */
export async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => ({ size: 0 }))).size;
}
