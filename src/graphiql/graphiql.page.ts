import { readdirSync, readFileSync } from "node:fs";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";

const OPERATIONS_DIR = new URL("../../schema/operations/", import.meta.url);

/** Example operations shipped in schema/operations/, one GraphiQL tab each (sorted by file name). */
export function loadExampleOperations(): { name: string; query: string }[] {
  try {
    return readdirSync(OPERATIONS_DIR)
      .filter((f) => f.endsWith(".graphql"))
      .sort()
      .map((f) => ({ name: f.replace(/\.graphql$/, ""), query: readFileSync(new URL(f, OPERATIONS_DIR), "utf8") }));
  } catch {
    return [];
  }
}

// A 1x1 transparent icon: the renderer's default favicon is a remote URL, and the page must not leave localhost.
const FAVICON = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const SHIELD_ICON =
  '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" aria-hidden="true"><path d="M12 2.5l7.5 3v6c0 4.6-3.2 8.4-7.5 10-4.3-1.6-7.5-5.4-7.5-10v-6z"/><path d="M8.5 12l2.5 2.5 4.5-5"/></svg>';

/**
 * The GraphiQL page: a self-contained HTML document (GraphiQL, React, Monaco inlined; ~9 MB) so it
 * works with no network. `authorization` pre-fills the headers editor (embedded demo mode only).
 */
export function renderGraphiQLPage(opts: { endpoint: string; authorization?: string }): string {
  const headers = JSON.stringify(opts.authorization ? { Authorization: opts.authorization } : { Authorization: "Bearer <paste a token>" }, null, 2);
  const tabs = loadExampleOperations().map((op) => ({ query: op.query, headers }));
  return renderGraphiQL({
    title: "MSSP Alert Gateway",
    endpoint: opts.endpoint,
    // graphql-sse over fetch carries the Authorization header of the headers editor; graphql-ws from a
    // browser could only send it in connection_init, which this GraphiQL build does not do.
    subscriptionsProtocol: "GRAPHQL_SSE",
    favicon: FAVICON,
    // The renderer puts `logo` (HTML) in a 40 px icon box next to `title`: an icon, not the name again.
    logo: SHIELD_ICON,
    headers,
    defaultHeaders: headers,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: "headers",
    isHeadersEditorEnabled: true,
    defaultTabs: tabs.length > 0 ? tabs : undefined,
    defaultQuery: tabs[0]?.query,
  });
}
