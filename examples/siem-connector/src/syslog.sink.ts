import { connect, type Socket } from "node:net";
import { toCef } from "./cef.format.js";
import type { EventSink } from "./feed.types.js";
import type { Logger } from "./logger.js";
import { octetFrame, toSyslog } from "./syslog.format.js";

/**
 * RFC 5424 syslog over TCP with RFC 6587 octet-counting framing, one CEF record per event. A batch counts
 * as flushed once the socket has handed every frame to the kernel. Plain syslog over TCP has no
 * acknowledgements: if the connection breaks in the middle of a batch, the whole batch is sent again on a
 * new connection, so the receiver may see a few events twice; de-duplicate on the cursor (`cs3`, and
 * `cursor` in the structured data).
 */
export function createSyslogSink(
  opts: { host: string; port: number; facility: number; appName: string; connectTimeoutMs: number },
  log: Logger,
): EventSink {
  let socket: Socket | null = null;

  const connectOnce = (): Promise<Socket> =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: opts.host, port: opts.port });
      const timer = setTimeout(() => s.destroy(new Error(`syslog connect to ${opts.host}:${opts.port} timed out`)), opts.connectTimeoutMs);
      s.once("connect", () => {
        clearTimeout(timer);
        s.setKeepAlive(true);
        s.setNoDelay(true);
        resolve(s);
      });
      s.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });

  const ensure = async (): Promise<Socket> => {
    if (socket && !socket.destroyed && socket.writable) return socket;
    const s = await connectOnce();
    // After connect, errors only mark the socket dead; the next write reconnects.
    s.on("error", (e) => log.warn("syslog connection failed", { error: e.message }));
    s.on("close", () => {
      if (socket === s) socket = null;
    });
    // A syslog receiver sends nothing; reading keeps the socket from stalling if it does.
    s.resume();
    socket = s;
    log.info("syslog connected", { host: opts.host, port: opts.port });
    return s;
  };

  return {
    recover: () => Promise.resolve(null),
    async write(events) {
      const s = await ensure();
      const frames = Buffer.concat(events.map((e) => octetFrame(toSyslog(e, toCef(e), opts))));
      await new Promise<void>((resolve, reject) => {
        const onClose = () => reject(new Error("syslog connection closed during a batch"));
        s.once("close", onClose);
        s.write(frames, (e) => {
          s.off("close", onClose);
          if (e) reject(e);
          else resolve();
        });
      }).catch((e: unknown) => {
        s.destroy();
        throw e;
      });
    },
    position: () => null,
    async close() {
      const s = socket;
      socket = null;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => s.end(resolve));
    },
  };
}
