/**
 * Makes a page dump safe to keep on disk and show in the panel: a selector miss saves the HTML
 * under `data/artifacts/`, and LinkedIn pages carry session material (csrf tokens in meta tags,
 * hidden inputs and URLs, JSON blobs with tokens in `<code>` and `<script>` elements).
 *
 * Three layers: every `<script>` and JSON-looking `<code>` body is dropped; token-shaped
 * attributes, parameters and `name=value` pairs are blanked; and every known secret (the
 * context's cookie values, raw and URL-encoded) is replaced wherever it still appears.
 */

const REDACTED = "[redacted]";
const SECRET_NAMES =
  "li_at|li_rm|liap|JSESSIONID|bcookie|bscookie|lidc|li_mc|UserMatchHistory|AnalyticsSyncHistory|csrf[-_]?token|csrfToken|loginCsrfParam|session_?token|access_?token|auth_?token|id_?token|token";

export function sanitizeHtml(html: string, secrets: readonly string[] = []): string {
  let out = html;
  // Inline scripts (and their JSON) go entirely.
  out = out.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, "<script><!-- removed --></script>");
  // LinkedIn ships its data as JSON inside hidden <code> elements.
  out = out.replace(/(<code\b[^>]*>)([\s\S]*?)(<\/code\s*>)/gi, (all, open: string, body: string, close: string) =>
    /^\s*(\{|\[|&quot;|&#123;|&#91;)/.test(body) ? `${open}${REDACTED}${close}` : all,
  );
  // <meta name="csrf-token" content="…">, <input name="csrfToken" value="…">
  out = out.replace(/<(meta|input)\b[^>]*>/gi, (tag) => {
    if (!new RegExp(`(name|id)\\s*=\\s*["']?[^"'>]*(${SECRET_NAMES}|password|pin)`, "i").test(tag)) return tag;
    return tag.replace(/\b(content|value)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, `$1="${REDACTED}"`);
  });
  // name=value pairs in URLs, cookies and inline text: li_at=…, csrfToken=…, "JSESSIONID":"…"
  out = out.replace(
    new RegExp(
      `((?:${SECRET_NAMES})(?:&quot;|["'])?\\s*(?:=|:|%3D)\\s*(?:&quot;|["'])?)(?!\\[redacted\\])[^"'&;\\s<>]+`,
      "gi",
    ),
    `$1${REDACTED}`,
  );
  // LinkedIn csrf values look like ajax:0123456789 wherever they are.
  out = out.replace(/ajax(:|%3A)\d{6,}/gi, `ajax$1${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), escapeForHtml(secret)]))
      out = out.split(form).join(REDACTED);
  }
  return out;
}

function escapeForHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
