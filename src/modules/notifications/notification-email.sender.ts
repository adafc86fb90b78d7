import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { DeliveryError } from "./delivery.error.js";
import type { RenderedEmail } from "./notification-email.renderer.js";

/** SMTP settings (from config `SMTP_*`); `host` null means email is not configured. */
export interface SmtpSettings {
  host: string | null;
  port: number;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  requireTls: boolean;
  user: string | null;
  password: string | null;
  from: string;
  timeoutMs: number;
}

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Stable per delivery, so a retried message can be recognised as the same one by receivers. */
  messageId: string;
  headers: Record<string, string>;
}

/** Sends email; `configured` is false without an SMTP host (deliveries are then recorded as skipped). */
export interface EmailSender {
  readonly configured: boolean;
  /** Resolves once the server accepted the message; rejects with a DeliveryError. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** SMTP via nodemailer, pooled connections, one recipient per message. */
export function createEmailSender(s: SmtpSettings): EmailSender {
  if (!s.host) {
    return {
      configured: false,
      send: () => Promise.reject(new DeliveryError("SMTP is not configured", true)),
      close() {},
    };
  }
  const options: SMTPTransport.Options = {
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: s.requireTls,
    auth: s.user ? { user: s.user, pass: s.password ?? "" } : undefined,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
  };
  const transport = nodemailer.createTransport({ ...options, pool: true, maxConnections: 3 } as SMTPTransport.Options);
  return {
    configured: true,
    async send(email) {
      try {
        await transport.sendMail({
          from: s.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          headers: email.headers,
        });
      } catch (e) {
        const err = e as { responseCode?: number; response?: string; message?: string; code?: string };
        // 5xx replies are permanent (bad mailbox, policy); 4xx, timeouts and network errors are worth retrying.
        const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
        const detail = err.response ?? err.message ?? String(e);
        throw new DeliveryError(`SMTP: ${detail}`.slice(0, 500), permanent, { cause: e });
      }
    },
    close: () => transport.close(),
  };
}
