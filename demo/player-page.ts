/**
 * @module demo/player-page
 * The demo's player page (`/demo`): starts a session (implicit, explicit with the tracking API,
 * or explicit with server-side reporting), plays it (HLS: native, else hls.js; DASH: dash.js or
 * Shaka Player; all from `/demo/vendor/`), and shows what happened: the session's timeline under the player (content,
 * ad and slate blocks, the playhead, beacons ticking as they arrive), the beacons the demo sink
 * received, the tracking JSON (folded), and errors on the page. The behaviour is in
 * demo/player-script.ts, one function per panel. Everything on this origin; no network.
 */
import { FAVICON } from '../src/routes/timeline-page.ts';
import { TIMELINE_CSS, TIMELINE_SCRIPT } from '../src/routes/timeline-script.ts';
import { playerScript } from './player-script.ts';

export function playerPage(accountId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edge-ssai demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="${FAVICON}">
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:1100px}
video{width:640px;max-width:100%;background:#000}
pre{background:#f4f4f4;padding:.5rem;max-height:20rem;overflow:auto;font-size:12px}
button,select{font-size:14px;margin-right:.5rem}
.row{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}
#errors{color:#b42318;margin:.5rem 0;padding:0 0 0 1.2rem}
#beacons{font:12px ui-monospace,monospace;max-height:20rem;overflow:auto;margin:0;padding-left:2.5rem;min-width:22rem}
#urls{font-size:12px;word-break:break-all}
section{margin-top:1rem}
${TIMELINE_CSS}
</style></head>
<body>
<h1>edge-ssai demo</h1>
<p>Local origin, ad server and beacon sink, all served by this Worker. Pick a stream and a session mode, press Play. MP4-only ads are skipped (slate) until the packager <code>npm start</code> runs (with ffmpeg) has packaged them, then they play.</p>
<div>
<select id="asset"><option value="live/master.m3u8">live (breaks every 2 min)</option><option value="vod/master.m3u8">VOD (pre/mid/post-roll)</option></select>
<select id="mode"><option value="implicit">implicit session (server-side beacons)</option><option value="explicit">explicit session (tracking API, beacons from this page)</option><option value="hybrid">explicit, reportingMode=server</option></select>
<select id="ads"><option value="hls">streaming ads (HLS/DASH MediaFiles)</option><option value="mp4">MP4-only ads (packaged on first sighting)</option></select>
<select id="format"><option value="hls">HLS</option><option value="dash">DASH</option></select>
<select id="dashPlayer" title="DASH player"><option value="dashjs">dash.js</option><option value="shaka">Shaka Player</option></select>
<button id="play">Play</button><button id="stop">Stop</button>
</div>
<ul id="errors" role="alert"></ul>
<p id="urls"></p>
<div class="row"><video id="video" controls muted playsinline></video>
<div><h3>Beacons received <span id="beacon-count"></span></h3><ol id="beacons"></ol></div></div>
<section><h3>Session timeline</h3><div id="timeline"></div></section>
<section><details id="tracking-panel"><summary>Tracking JSON <span id="tracking-summary">(explicit sessions)</span></summary><pre id="tracking">–</pre></details></section>
<script>${TIMELINE_SCRIPT}</script>
<script>${playerScript(accountId)}</script>
</body></html>`;
}

