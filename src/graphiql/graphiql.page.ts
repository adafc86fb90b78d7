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
    subscriptionsProtocol: "WS",
    favicon: FAVICON,
    logo: "MSSP Alert Gateway",
    headers,
    defaultHeaders: headers,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: "headers",
    isHeadersEditorEnabled: true,
    defaultTabs: tabs.length > 0 ? tabs : undefined,
    defaultQuery: tabs[0]?.query,
  });
}
