import { SMTPServer } from "smtp-server";

/** One message received by the sink, with a quoted-printable-decoded copy of the raw source. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** `raw` with quoted-printable soft breaks and escapes undone (good enough to search bodies). */
  decoded: string;
  subject: string;
  header(name: string): string | undefined;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** How many DATA commands were refused so far. */
  rejected: number;
  /** Refuses the next `n` messages with a temporary `451` error. */
  rejectNext(n: number): void;
  /** Resolves when the sink holds at least `n` messages (or rejects after `timeoutMs`). */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) → text. */
const decodeWords = (v: string) =>
  v.replace(/\?=\s+=\?/g, "?==?").replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );

const decodeQp = (s: string) =>
  s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** A real SMTP server on an ephemeral port (no TLS, no auth) that collects what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let toReject = 0;
  const sink: SmtpSink = {
    port: 0,
    messages,
    rejected: 0,
    rejectNext: (n) => {
      toReject = n;
    },
    waitForMessages(n, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= n) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(messages);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} messages, got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (toReject > 0) {
          toReject--;
          sink.rejected++;
          const err = new Error("try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const headerBlock = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
        const header = (name: string) => {
          const v = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headerBlock)?.[1]?.trim();
          return v === undefined ? undefined : decodeWords(v);
        };
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          decoded: decodeQp(raw),
          subject: header("subject") ?? "",
          header,
        });
        callback();
        for (const w of [...waiters]) w();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  sink.port = (server.server.address() as { port: number }).port;
  return sink;
}
