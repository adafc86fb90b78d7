import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { exampleTabs, type ExampleValues } from "./graphiql.tabs.js";

export { loadExampleOperations } from "./graphiql.tabs.js";

// A 1x1 transparent icon: the renderer's default favicon is a remote URL, and the page must not leave localhost.
const FAVICON = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const SHIELD_ICON =
  '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" aria-hidden="true"><path d="M12 2.5l7.5 3v6c0 4.6-3.2 8.4-7.5 10-4.3-1.6-7.5-5.4-7.5-10v-6z"/><path d="M8.5 12l2.5 2.5 4.5-5"/></svg>';

/** How an analyst gets a new token when theirs is missing or expired. */
export type SignIn = { mode: "embedded" } | { mode: "remote"; audience?: string };

export interface GraphiQLPageOptions {
  endpoint: string;
  /** `Bearer <jwt>` pre-filled in the headers editor (embedded demo mode only). */
  authorization?: string;
  /** Real ids for the example tabs' variables (embedded: from the index, for the demo viewer). */
  examples?: ExampleValues;
  signIn: SignIn;
}

// The renderer's header gives the title a narrow box: without this "MSSP Alert Gateway" wraps into three lines.
const PAGE_STYLE = `<style>
.graphiql-logo, .graphiql-logo span { white-space: nowrap; }
.graphiql-logo { flex-shrink: 0; }
#gw-identity { position: fixed; right: 16px; bottom: 12px; z-index: 20; max-width: 46vw; padding: 6px 12px; border-radius: 8px;
  font: 13px/1.4 system-ui, sans-serif; background: hsl(219 28% 96%); color: hsl(219 28% 25%); box-shadow: 0 1px 4px hsl(0 0% 0% / .15); }
#gw-identity.gw-bad { background: hsl(0 80% 96%); color: hsl(0 60% 32%); }
#gw-identity b { font-weight: 600; }
#gw-identity code { font: 12px ui-monospace, monospace; }
</style>`;

/**
 * Runs before GraphiQL reads its state. First visit: GraphiQL fills the editor of the first tab from its stored
 * variables (none yet), not from the tab, so those are stored first. Reload with `?query=` of a stored tab (GraphiQL
 * writes the query into the URL): that tab is made active and the parameter dropped, otherwise GraphiQL would add a
 * duplicate tab on every reload. A shared link whose query matches no stored tab keeps it.
 */
const tabStateScript = (firstTabVariables: string | undefined) => `<script>
(function () {
  try {
    var KEY = "graphiql:tabState", stored = localStorage.getItem(KEY), vars = ${JSON.stringify(firstTabVariables ?? null).replace(/</g, "\\u003c")};
    if (!stored && vars) localStorage.setItem("graphiql:variables", vars);
    var url = new URL(location.href), q = url.searchParams.get("query");
    if (stored && q !== null) {
      var state = JSON.parse(stored), i = state.tabs.findIndex(function (t) { return t.query === q; });
      if (i >= 0) {
        state.activeTabIndex = i;
        localStorage.setItem(KEY, JSON.stringify(state));
        localStorage.setItem("graphiql:query", q);
        localStorage.setItem("graphiql:variables", state.tabs[i].variables || "");
        url.searchParams.delete("query");
        history.replaceState(null, "", url);
      }
    }
  } catch (e) { /* storage unavailable: GraphiQL's defaults apply */ }
})();
</script>`;

/**
 * Who the headers editor's token belongs to, and what to do when it is missing or expired. It watches the
 * page's own GraphQL requests (GraphiQL sends the headers editor's Authorization with each), asks `me` for
 * every new token, and flips to the sign-in hint on an UNAUTHENTICATED answer or when the token's `exp` passes.
 */
const identityScript = (cfg: { endpoint: string; authorization?: string; signIn: SignIn }) => `<script>
(function () {
  var cfg = ${JSON.stringify(cfg).replace(/</g, "\\u003c")};
  var realFetch = window.fetch.bind(window);
  var current = null, expiryTimer = null, box = null;
  function el() {
    if (!box) { box = document.createElement("div"); box.id = "gw-identity"; box.setAttribute("role", "status"); document.body.appendChild(box); }
    return box;
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function howToSignIn() {
    if (cfg.signIn.mode === "embedded") return "Reload the page for a fresh demo token (valid 12 h).";
    return "Sign in as documented (docs/api.md, Calling the API), e.g. <code>az account get-access-token --scope " + (cfg.signIn.audience ? esc(cfg.signIn.audience) : "&lt;gateway app id URI&gt;") + "/.default</code>, and paste it in Headers as <code>Authorization: Bearer …</code>.";
  }
  function bad(what) { var b = el(); b.className = "gw-bad"; b.innerHTML = "<b>" + what + "</b> " + howToSignIn(); }
  function tokenExp(auth) {
    try { var p = auth.split(" ")[1].split(".")[1].replace(/-/g, "+").replace(/_/g, "/"); return JSON.parse(atob(p)).exp || null; } catch (e) { return null; }
  }
  function usable(auth) { return typeof auth === "string" && /^Bearer\\s+[\\w-]+\\.[\\w-]+\\.[\\w-]*$/.test(auth.trim()); }
  function check(auth) {
    current = auth;
    clearTimeout(expiryTimer);
    if (!usable(auth)) { bad("No token."); return; }
    var exp = tokenExp(auth);
    if (exp && exp * 1000 <= Date.now()) { bad("Your token has expired."); return; }
    if (exp) expiryTimer = setTimeout(function () { if (current === auth) bad("Your token has expired."); }, Math.min(exp * 1000 - Date.now(), 2147483647));
    realFetch(cfg.endpoint, { method: "POST", headers: { "content-type": "application/json", authorization: auth },
      body: JSON.stringify({ query: "query GraphiQLViewer { me { displayName username isAdmin tenantRoles { roles } } }" }) })
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (current !== auth) return;
        var code = res.errors && res.errors[0] && res.errors[0].extensions && res.errors[0].extensions.code;
        if (code === "UNAUTHENTICATED") { bad("Your token is invalid or expired."); return; }
        if (!res.data) { bad("Could not check your token (" + esc(code || "error") + ")."); return; }
        var me = res.data.me, counts = {};
        me.tenantRoles.forEach(function (t) { t.roles.forEach(function (r) { counts[r] = (counts[r] || 0) + 1; }); });
        var roles = Object.keys(counts).map(function (r) { return esc(r) + " on " + counts[r] + (counts[r] === 1 ? " tenant" : " tenants"); });
        if (me.isAdmin) roles.unshift("Gateway.Admin");
        var b = el(); b.className = "gw-ok";
        b.innerHTML = "Signed in as <b>" + esc(me.displayName) + "</b>" + (me.username ? " (" + esc(me.username) + ")" : "") +
          " · " + (roles.length ? roles.join(", ") : "no tenant roles yet: request access (RequestAccess tab)") +
          (exp ? " · token valid until " + new Date(exp * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) : "");
      })
      .catch(function () { if (current === auth) bad("Could not reach the gateway to check your token."); });
  }
  function headerOf(init) {
    var h = init && init.headers;
    if (!h) return null;
    if (typeof h.get === "function") return h.get("authorization");
    for (var k in h) if (k.toLowerCase() === "authorization") return h[k];
    return null;
  }
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var mine = url.indexOf(cfg.endpoint) !== -1 || url.indexOf(location.origin + cfg.endpoint) === 0;
    var auth = mine ? headerOf(init) : null;
    if (mine && auth !== current) check(auth);
    var p = realFetch(input, init);
    if (mine) p.then(function (r) {
      if ((r.headers.get("content-type") || "").indexOf("json") === -1) return;
      r.clone().json().then(function (res) {
        var code = res && res.errors && res.errors[0] && res.errors[0].extensions && res.errors[0].extensions.code;
        if (code === "UNAUTHENTICATED" && auth === current && usable(auth)) bad("Your token is invalid or expired.");
      }, function () {});
    }, function () {});
    return p;
  };
  document.addEventListener("DOMContentLoaded", function () { check(cfg.authorization || null); });
})();
</script>`;

/**
 * The GraphiQL page: a self-contained HTML document (GraphiQL, React, Monaco inlined; ~9 MB) so it works with no
 * network. Opens on the Alerts tab with every example's variables filled in, and shows who the token belongs to.
 */
export function renderGraphiQLPage(opts: GraphiQLPageOptions): string {
  const headers = JSON.stringify(
    opts.authorization ? { Authorization: opts.authorization } : { Authorization: "Bearer <paste a token>" },
    null,
    2,
  );
  const tabs = exampleTabs(opts.examples ?? {}).map((op) => ({ query: op.query, variables: op.variables, headers }));
  const html = renderGraphiQL({
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
    defaultEditorToolsVisibility: "variables",
    isHeadersEditorEnabled: true,
    defaultTabs: tabs.length > 0 ? tabs : undefined,
    defaultQuery: tabs[0]?.query,
  });
  // Before the GraphiQL bundle runs, so its fetcher picks up the watching fetch.
  const head = `${PAGE_STYLE}${tabStateScript(tabs[0]?.variables)}${identityScript({ endpoint: opts.endpoint, authorization: opts.authorization, signIn: opts.signIn })}</head>`;
  return html.replace("</head>", () => head);
}
