/**
 * @module routes/timeline-page
 * The page a browser gets at `/sessions/{sessionId}/timeline` (routes/session-timeline): it holds
 * no session data. It asks for the control plane's bearer token (kept in the tab's
 * sessionStorage), reads the timeline JSON from the same URL, draws it (routes/timeline-script)
 * with every entry listed, and follows the session every 3 s while the tab is open.
 */
import { TIMELINE_CSS, TIMELINE_SCRIPT } from './timeline-script.ts';

/** A small timeline icon (the demo page uses it too). */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f2937"/><rect x="2" y="6" width="5" height="4" fill="#9aa5b1"/><rect x="7" y="6" width="4" height="4" fill="#f28c28"/><rect x="11" y="6" width="3" height="4" fill="#9aa5b1"/></svg>')}`;

export function timelinePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edge-ssai session timeline</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="${FAVICON}">
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:1200px}#error{color:#b42318}code{font-size:12px}${TIMELINE_CSS}</style>
</head><body>
<h1>Session timeline</h1>
<p><code id="sid"></code> <span id="who"></span></p>
<form id="auth" hidden>Admin token (<code>Authorization: Bearer …</code>): <input id="token" type="password" size="40" autocomplete="off"> <button>Show</button></form>
<p id="error" role="alert"></p>
<div id="timeline"></div>
<script>${TIMELINE_SCRIPT}</script>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  $('sid').textContent = location.pathname.split('/')[2] || '';
  var tl = new EdgeTimeline($('timeline'), { list: true });
  var timer = null;
  function token() { return sessionStorage.getItem('edge-ssai-admin-token') || ''; }
  async function poll() {
    try {
      var r = await fetch(location.pathname + '?since=' + tl.lastSeq(), { headers: { accept: 'application/json', authorization: 'Bearer ' + token() } });
      var body = await r.json().catch(function () { return {}; });
      if (r.status === 401 || r.status === 403) { $('auth').hidden = false; $('error').textContent = body.message || ('HTTP ' + r.status); clearInterval(timer); timer = null; return; }
      if (!r.ok) { $('error').textContent = body.message || ('HTTP ' + r.status); return; }
      $('error').textContent = '';
      $('who').textContent = body.configName + ' · ' + body.assetPath + ' · ' + body.init + ', ' + body.reportingMode + '-side reporting · created ' + new Date(body.createdAtMs).toISOString();
      tl.update(body);
    } catch (e) { $('error').textContent = String(e); }
  }
  $('auth').onsubmit = function (ev) {
    ev.preventDefault();
    sessionStorage.setItem('edge-ssai-admin-token', $('token').value.trim());
    $('auth').hidden = true;
    poll(); if (!timer) timer = setInterval(poll, 3000);
  };
  if (!token()) { $('auth').hidden = false; } else { poll(); timer = setInterval(poll, 3000); }
})();
</script>
</body></html>`;
}
