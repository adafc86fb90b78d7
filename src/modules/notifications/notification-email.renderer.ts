import type { NotificationMessage } from "./notification.message.js";

/** A rendered email: subject, plain text and HTML bodies. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Subject lines never carry line breaks (alert titles come from upstream). */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, " ").slice(0, 250);

/** Formats a notification as a multipart email. All upstream text is escaped in the HTML part. */
export function renderEmail(message: NotificationMessage, msspName: string): RenderedEmail {
  const width = Math.max(...message.facts.map(([label]) => label.length));
  const text = [
    ...message.facts.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`),
    "",
    `Open in Microsoft Defender: ${message.link}`,
    "",
    `-- \nSent by ${msspName} through the MSSP alert gateway.`,
  ].join("\n");
  const rows = message.facts
    .map(
      ([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  const html = [
    `<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif">`,
    `<h2 style="margin:0 0 12px">${escapeHtml(message.subject)}</h2>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(message.link)}">Open in Microsoft Defender</a></p>`,
    `<p style="color:#666;font-size:12px">Sent by ${escapeHtml(msspName)} through the MSSP alert gateway.</p>`,
    `</body></html>`,
  ].join("");
  return { subject: oneLine(message.subject), text, html };
}
