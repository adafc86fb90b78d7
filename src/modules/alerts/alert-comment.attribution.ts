import type { Principal } from "../../auth/principal.js";

/**
 * Defender records the writer of a comment as the calling app (the gateway's app id), so the analyst who
 * wrote a comment through the gateway travels in the text itself: `[Alice Smith <alice@contoso.com> via
 * gateway] text`. Defender portal users read it as is; GraphQL clients get the text and the author apart.
 */
const SUFFIX = " via gateway] ";
const ATTRIBUTED = /^\[([^\][\n]{1,200}) via gateway\] ([\s\S]*)$/;

/** Who wrote a comment, as the analyst is named in it: display name, plus the UPN when the token has one. */
export function commentAuthor(p: Principal): string {
  const clean = (s: string) =>
    s
      .replace(/[[\]\n\r]/g, " ")
      .trim()
      .slice(0, 120);
  const name = clean(p.displayName) || clean(p.username ?? "") || `app ${clean(p.appId ?? "unknown")}`;
  return p.username && clean(p.username) !== name ? `${name} <${clean(p.username)}>` : name;
}

/** The comment as sent upstream. */
export const attributeComment = (text: string, author: Principal): string => `[${commentAuthor(author)}${SUFFIX}${text}`;

/** Splits an upstream comment into the analyst and the text; comments written elsewhere keep their `createdBy` as author. */
export function readComment(raw: string, createdBy: string): { comment: string; author: string; viaGateway: boolean } {
  const m = ATTRIBUTED.exec(raw);
  return m ? { comment: m[2], author: m[1], viaGateway: true } : { comment: raw, author: createdBy, viaGateway: false };
}
