/**
 * @module demo/player-page
 * A one-page player for the demo: starts a session (explicit, with the tracking API, or implicit),
 * plays it (HLS: native, else hls.js; DASH: dash.js or Shaka Player; all served by the demo), and
 * shows the tracking JSON and the beacons the sink received. Everything on this origin; no network.
 * The DASH side lives in its own script functions (`dashSession`, `playDash`).
 */
export function playerPage(accountId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edge-ssai demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:1100px}
video{width:640px;max-width:100%;background:#000}
pre{background:#f4f4f4;padding:.5rem;max-height:20rem;overflow:auto;font-size:12px}
button,select{font-size:14px;margin-right:.5rem}
.row{display:flex;gap:1rem;flex-wrap:wrap}
</style></head>
<body>
<h1>edge-ssai demo</h1>
<p>Local origin, ad server and beacon sink, all served by this Worker. Pick a stream and a session mode. MP4-only ads are skipped (slate) until the packager <code>npm start</code> runs (with ffmpeg) has packaged them, then they play.</p>
<div>
<select id="asset"><option value="live/master.m3u8">live (breaks every 2 min)</option><option value="vod/master.m3u8">VOD (pre/mid/post-roll)</option></select>
<select id="mode"><option value="implicit">implicit session (server-side beacons)</option><option value="explicit">explicit session (tracking API)</option><option value="hybrid">explicit, reportingMode=server</option></select>
<select id="ads"><option value="hls">streaming ads (HLS/DASH MediaFiles)</option><option value="mp4">MP4-only ads (packaged on first sighting)</option></select>
<select id="format"><option value="hls">HLS</option><option value="dash">DASH</option></select>
<select id="dashPlayer" title="DASH player"><option value="dashjs">dash.js</option><option value="shaka">Shaka Player</option></select>
<button id="play">Play</button>
</div>
<p id="urls"></p>
<div class="row"><video id="video" controls muted playsinline></video></div>
<div class="row">
<div><h3>Tracking JSON</h3><pre id="tracking">–</pre></div>
<div><h3>Beacons received</h3><pre id="beacons">–</pre></div>
</div>
<script>
const acct = ${JSON.stringify(accountId)};
const $ = (id) => document.getElementById(id);
let timers = [];
async function start() {
  timers.forEach(clearInterval); timers = [];
  const asset = $('asset').value, mode = $('mode').value, mp4 = $('ads').value === 'mp4';
  if ($('format').value === 'dash') return startDash(asset, mode, mp4);
  let manifestUrl, trackingUrl, sid;
  if (mode === 'implicit') {
    manifestUrl = '/v1/master/' + acct + '/demo/' + asset + (mp4 ? '?ads.mp4=1' : '');
  } else {
    const body = { adsParams: mp4 ? { demo: 'player', mp4: '1' } : { demo: 'player' } };
    if (mode === 'hybrid') body.reportingMode = 'server';
    const r = await fetch('/v1/session/' + acct + '/demo/' + asset, { method: 'POST', body: JSON.stringify(body) });
    const j = await r.json();
    manifestUrl = j.manifestUrl; trackingUrl = j.trackingUrl;
    sid = new URL(manifestUrl, location.href).searchParams.get('aws.sessionId');
  }
  $('urls').textContent = 'manifest: ' + manifestUrl + (trackingUrl ? '  tracking: ' + trackingUrl : '');
  const video = $('video');
  if (window.Hls === undefined && !video.canPlayType('application/vnd.apple.mpegurl')) {
    await new Promise((res, rej) => { const s = document.createElement('script'); s.src = '/demo/vendor/hls.js'; s.onload = res; s.onerror = rej; document.head.appendChild(s); });
  }
  if (window.Hls && window.Hls.isSupported()) {
    const hls = new window.Hls();
    hls.on(window.Hls.Events.MANIFEST_LOADED, (_e, d) => {
      const m = /\\/manifest\\/[^/]+\\/[^/]+\\/([0-9a-f-]{36})\\//.exec(d.levels[0].url[0] || d.levels[0].url);
      if (m) sid = m[1];
    });
    hls.loadSource(manifestUrl); hls.attachMedia(video);
  } else {
    video.src = manifestUrl;
  }
  video.play().catch(() => {});
  watch(trackingUrl, () => sid);
}
function watch(trackingUrl, sid) {
  timers.push(setInterval(async () => {
    if (trackingUrl) $('tracking').textContent = JSON.stringify(await (await fetch(trackingUrl)).json(), null, 1);
    if (sid()) {
      const b = await (await fetch('/demo/beacons?sid=' + sid())).json();
      $('beacons').textContent = b.hits.map((h) => new Date(h.atMs).toISOString().slice(11, 23) + ' ' + h.event + ' ' + (new URL(h.url).searchParams.get('ad') || '')).join('\\n') || '–';
    }
  }, 2000));
}
${dashScript()}
$('play').onclick = () => start().catch((e) => alert(e));
</script>
</body></html>`;
}

/**
 * The DASH side of the page: the same streams as DASH (`dash/{live,vod}/index.mpd` on the
 * `demo-dash` configuration, whose slate is DASH), a session started as for HLS (implicit: the
 * 302 gives `aws.sessionId`), played by dash.js or Shaka Player from the demo's assets.
 */
function dashScript(): string {
  return `
const dashAssets = { 'live/master.m3u8': 'dash/live/index.mpd', 'vod/master.m3u8': 'dash/vod/index.mpd' };
async function dashSession(asset, mode, mp4) {
  const path = acct + '/demo-dash/' + dashAssets[asset];
  if (mode === 'implicit') {
    // Implicit init answers 302 to the session's URL: follow it once to learn the session.
    const r = await fetch('/v1/dash/' + path + (mp4 ? '?ads.mp4=1' : ''));
    return { manifestUrl: r.url, sid: new URL(r.url).searchParams.get('aws.sessionId') };
  }
  const body = { adsParams: mp4 ? { demo: 'player', mp4: '1' } : { demo: 'player' } };
  if (mode === 'hybrid') body.reportingMode = 'server';
  const j = await (await fetch('/v1/session/' + path, { method: 'POST', body: JSON.stringify(body) })).json();
  return { manifestUrl: new URL(j.manifestUrl, location.href).href, trackingUrl: j.trackingUrl, sid: new URL(j.manifestUrl, location.href).searchParams.get('aws.sessionId') };
}
function loadScript(src) {
  return new Promise((res, rej) => { const s = document.createElement('script'); s.src = src; s.onload = res; s.onerror = rej; document.head.appendChild(s); });
}
async function playDash(video, url, which) {
  if (which === 'shaka') {
    if (window.shaka === undefined) await loadScript('/demo/vendor/shaka-player.js');
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    await player.attach(video);
    await player.load(url);
  } else {
    if (window.dashjs === undefined) await loadScript('/demo/vendor/dash.js');
    dashjs.MediaPlayer().create().initialize(video, url, true);
  }
  video.play().catch(() => {});
}
async function startDash(asset, mode, mp4) {
  const s = await dashSession(asset, mode, mp4);
  $('urls').textContent = 'manifest: ' + s.manifestUrl + (s.trackingUrl ? '  tracking: ' + s.trackingUrl : '');
  await playDash($('video'), s.manifestUrl, $('dashPlayer').value);
  watch(s.trackingUrl, () => s.sid);
}`;
}
