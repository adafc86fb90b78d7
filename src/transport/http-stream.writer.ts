import type { ServerResponse } from "node:http";
import type { BufferAccount } from "../live/buffer.budget.js";
import type { StreamFraming } from "./http.negotiation.js";

/**
 * One streamed HTTP response carrying GraphQL results: Server-Sent Events (graphql-sse's distinct
 * connections mode: `event: next` / `event: complete`) or multipart (Apollo's multipart subscriptions:
 * `{"payload": …}` parts). Results are pre-serialized bytes written straight to the socket, so memory
 * per stream is what the kernel has not taken yet, and it is bounded: past `maxPendingEvents` unflushed
 * events, `maxBufferedBytes` buffered bytes, or the process budget, the stream ends with a final
 * SLOW_CONSUMER error and the client resumes from its last cursor.
 */
export interface HttpResultStreamOptions {
  framing: StreamFraming;
  /** Events written but not yet flushed to the network before the stream is shed (SUBSCRIPTION_MAX_PENDING_EVENTS). */
  maxPendingEvents: number;
  /** Bytes buffered for this response before it is shed (SSE_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
  /** This stream's share of the process-wide budget (LIVE_MAX_BUFFERED_BYTES). */
  account: BufferAccount;
  /** Period of keep-alive comments (SSE) or empty parts (multipart), ms; 0 = none. */
  keepAliveMs: number;
  /** How long a shed or finished stream may take to flush its last bytes before the connection is cut, ms. */
  lingerMs: number;
}

export interface HttpResultStream {
  /** Writes one result (its JSON bytes). False when the stream is closed or was just shed (`shedReason` tells why). */
  next(resultJson: Buffer): boolean;
  /** Writes an optional final result (e.g. an error), then the end marker, and ends the response. */
  finish(finalJson?: Buffer): void;
  /** Why the stream was shed as a slow consumer, if it was. */
  readonly shedReason: string | null;
  /** Results written so far. */
  readonly events: number;
}

const BOUNDARY = "graphql";
const PART_HEAD = Buffer.from("\r\ncontent-type: application/json; charset=utf-8\r\n\r\n");
const PART_TAIL = Buffer.from(`\r\n--${BOUNDARY}`);
const SSE_NEXT = Buffer.from("event: next\ndata: ");
const SSE_END = Buffer.from("\n\n");
const SSE_COMPLETE = Buffer.from("event: complete\ndata:\n\n");
const PAYLOAD_OPEN = Buffer.from('{"payload":');
const PAYLOAD_CLOSE = Buffer.from("}");

/** Response headers of a stream (status 200). */
export function streamHeaders(framing: StreamFraming): Record<string, string> {
  // no-transform: compression middleware (and proxies) must not buffer a stream to compress it.
  const common = { "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" };
  return framing === "sse"
    ? { ...common, "content-type": "text/event-stream; charset=utf-8" }
    : { ...common, "content-type": `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"` };
}

/**
 * Starts the response (headers and the opening bytes) and returns its writer. `onClose` runs once when
 * the connection closes for any reason (client gone, finished, cut).
 */
export function openHttpResultStream(res: ServerResponse, opts: HttpResultStreamOptions, onClose: () => void): HttpResultStream {
  const frame = (json: Buffer): Buffer =>
    opts.framing === "sse"
      ? Buffer.concat([SSE_NEXT, json, SSE_END])
      : Buffer.concat([PART_HEAD, PAYLOAD_OPEN, json, PAYLOAD_CLOSE, PART_TAIL]);
  let unflushed = 0;
  let events = 0;
  let ended = false;
  let shedReason: string | null = null;
  let linger: NodeJS.Timeout | undefined;

  /** Control bytes (keep-alives, the end marker, a final error): always written, and accounted like events. */
  const write = (chunk: Buffer | string) => {
    const bytes = Buffer.byteLength(chunk);
    opts.account.add(bytes);
    res.write(chunk, () => opts.account.release(bytes));
  };

  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    if (opts.framing === "sse") write(SSE_COMPLETE);
    else write("--\r\n");
    res.end();
    // A client that never reads would hold the last bytes (and the socket) forever: cut it after a grace period.
    linger = setTimeout(() => res.destroy(), opts.lingerMs);
    linger.unref();
  };

  res.writeHead(200, streamHeaders(opts.framing));
  // Flushes the headers; browsers want a first byte of body before they report the stream open.
  write(opts.framing === "sse" ? ":\n\n" : PART_TAIL);
  const keepAlive =
    opts.keepAliveMs > 0
      ? setInterval(
          () => write(opts.framing === "sse" ? ":\n\n" : Buffer.concat([PART_HEAD, Buffer.from("{}"), PART_TAIL])),
          opts.keepAliveMs,
        )
      : undefined;
  keepAlive?.unref();
  res.once("close", () => {
    ended = true;
    clearInterval(keepAlive);
    clearTimeout(linger);
    opts.account.close();
    onClose();
  });

  return {
    next(json) {
      if (ended) return false;
      const chunk = frame(json);
      if (unflushed >= opts.maxPendingEvents) shedReason = `more than ${opts.maxPendingEvents} events unread`;
      else if (res.writableLength + chunk.length > opts.maxBufferedBytes) shedReason = `more than ${opts.maxBufferedBytes} bytes unread`;
      else if (!opts.account.tryAdd(chunk.length)) shedReason = "the gateway's live buffer budget is spent";
      else {
        // tryAdd recorded the bytes; the write callback releases them once flushed.
        unflushed++;
        events++;
        res.write(chunk, () => {
          unflushed--;
          opts.account.release(chunk.length);
        });
        return true;
      }
      return false;
    },
    finish(finalJson) {
      if (ended) return;
      if (finalJson) write(frame(finalJson));
      end();
    },
    get shedReason() {
      return shedReason;
    },
    get events() {
      return events;
    },
  };
}
