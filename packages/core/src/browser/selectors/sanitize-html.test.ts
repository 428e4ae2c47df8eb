import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "./sanitize-html.js";

const LI_AT = "AQEDAsecretLiAtValue_0123456789-abcdef";
const CSRF = "ajax:1234567890123456789";

describe("sanitizeHtml", () => {
  const page = `<!DOCTYPE html><html><head>
<meta name="csrf-token" content="${CSRF}">
<script>window.__init = {"li_at":"${LI_AT}","csrfToken":"${CSRF}"};</script>
<script type="application/json" id="data">{"token":"t0k3n-value-here"}</script>
</head><body>
<code style="display:none" id="bpr-guid-1">{"data":{"JSESSIONID":"${CSRF}","accessToken":"abcdefgh"}}</code>
<code>plain code sample</code>
<form><input type="hidden" name="loginCsrfParam" value="${CSRF}"><input name="session_password" value="hunter22"></form>
<a href="/feed/?csrfToken=${encodeURIComponent(CSRF)}&amp;li_at=${LI_AT}">feed</a>
<p>Debug: li_at=${LI_AT}; JSESSIONID="${CSRF}"</p>
<p>${encodeURIComponent(LI_AT + "/x")}</p>
<h1 class="text-heading-xlarge">Jane Doe</h1>
</body></html>`;

  it("strips scripts, token JSON, csrf values and every known cookie value", () => {
    const out = sanitizeHtml(page, [LI_AT, CSRF, `${LI_AT}/x`]);
    for (const secret of [
      LI_AT,
      CSRF,
      "1234567890123456789",
      "t0k3n-value-here",
      "hunter22",
      encodeURIComponent(CSRF),
      encodeURIComponent(`${LI_AT}/x`),
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain("[redacted]");
  });

  it("keeps the page structure a person needs to debug a selector", () => {
    const out = sanitizeHtml(page, [LI_AT]);
    expect(out).toContain('<h1 class="text-heading-xlarge">Jane Doe</h1>');
    expect(out).toContain("<code>plain code sample</code>");
    expect(out).toContain('href="/feed/?csrfToken=');
  });

  it("redacts named and token-shaped values even without the list of secrets", () => {
    const out = sanitizeHtml(page.replace(`<p>${encodeURIComponent(`${LI_AT}/x`)}</p>`, ""));
    expect(out).not.toContain(LI_AT);
    expect(out).not.toContain("1234567890123456789");
    expect(out).toContain("li_at=[redacted]");
  });
});
