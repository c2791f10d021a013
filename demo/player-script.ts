/**
 * @module demo/player-script
 * The browser side of the demo player page (demo/player-page), one function per concern:
 * `startSession` (explicit init, or the implicit session's id read from its multivariant
 * playlist, or from the URL a DASH implicit init redirects to, so every mode knows its session),
 * `attachPlayer` (HLS: hls.js or native; DASH: dash.js or Shaka Player; one instance at a
 * time), and the panels that poll while a session plays: beacons received by the
 * demo sink, the session's timeline (`/demo/sessions/{sid}/timeline`, drawn by EdgeTimeline),
 * the tracking JSON, and, for explicit client-side sessions, the client beacons this page fires
 * from the tracking JSON as a client-side player does. Errors go to the page, never to alert().
 * Plain browser JavaScript in a string.
 */
export function playerScript(accountId: string): string {
  return `
(function () {
  var acct = ${JSON.stringify(accountId)};
  var $ = function (id) { return document.getElementById(id); };
  /** The playback under way; replaced (and torn down) by every Play. */
  var current = null;
  var generation = 0;

  function showError(message) {
    var li = document.createElement('li');
    li.textContent = new Date().toISOString().slice(11, 19) + ' ' + message;
    $('errors').append(li);
  }

  async function getJson(url, init) {
    var r = await fetch(url, init);
    var body = await r.json().catch(function () { return {}; });
    if (!r.ok) throw new Error(url.split('?')[0] + ': HTTP ' + r.status + (body.message ? ' ' + body.message : ''));
    return body;
  }

  /** The same streams as DASH, on the demo-dash configuration (its slate is DASH). */
  var DASH_ASSETS = { 'live/master.m3u8': 'dash/live/index.mpd', 'vod/master.m3u8': 'dash/vod/index.mpd' };

  /** Starts a session; every mode answers its session id and configuration. */
  async function startSession(asset, mode, mp4, dash) {
    if (dash) return startDashSession(DASH_ASSETS[asset], mode, mp4);
    if (mode === 'implicit') {
      var master = '/v1/master/' + acct + '/demo/' + asset + (mp4 ? '?ads.mp4=1' : '');
      var r = await fetch(master);
      var text = await r.text();
      if (!r.ok) throw new Error('multivariant playlist: HTTP ' + r.status + ' ' + text.slice(0, 200));
      // The media playlist URIs name the session (/v1/manifest/{acct}/{cfg}/{sid}/{n}.m3u8).
      var m = /\\/manifest\\/[^/]+\\/[^/]+\\/([0-9a-f-]{36})\\//.exec(text);
      if (!m) throw new Error('no session id in the multivariant playlist');
      return { sid: m[1], cfg: 'demo', manifestUrl: '/v1/master/' + acct + '/demo/' + asset + '?aws.sessionId=' + m[1], clientBeacons: false };
    }
    return explicitSession('demo', asset, mode, mp4);
  }

  async function startDashSession(asset, mode, mp4) {
    if (mode === 'implicit') {
      // Implicit init answers 302 to the session's MPD URL: follow it once to learn the session.
      var r = await fetch('/v1/dash/' + acct + '/demo-dash/' + asset + (mp4 ? '?ads.mp4=1' : ''));
      if (!r.ok) throw new Error('MPD: HTTP ' + r.status + ' ' + (await r.text()).slice(0, 200));
      var sid = new URL(r.url).searchParams.get('aws.sessionId');
      if (!sid) throw new Error('no session id in the URL the DASH init redirected to');
      return { sid: sid, cfg: 'demo-dash', manifestUrl: r.url, clientBeacons: false };
    }
    return explicitSession('demo-dash', asset, mode, mp4);
  }

  async function explicitSession(cfg, asset, mode, mp4) {
    var body = { adsParams: mp4 ? { demo: 'player', mp4: '1' } : { demo: 'player' } };
    if (mode === 'hybrid') body.reportingMode = 'server';
    var j = await getJson('/v1/session/' + acct + '/' + cfg + '/' + asset, { method: 'POST', body: JSON.stringify(body) });
    var manifestUrl = new URL(j.manifestUrl, location.href);
    return { sid: manifestUrl.searchParams.get('aws.sessionId'), cfg: cfg, manifestUrl: manifestUrl.href, trackingUrl: j.trackingUrl, clientBeacons: mode === 'explicit' };
  }

  function loadScript(src) {
    return new Promise(function (res, rej) { var s = document.createElement('script'); s.src = src; s.onload = res; s.onerror = function () { rej(new Error(src + ' did not load (run npm run demo:vendor, or wrangler dev -c demo/wrangler.toml, which copies it)')); }; document.head.appendChild(s); });
  }

  /**
   * Plays url in the video element: DASH with dash.js or Shaka Player, HLS with hls.js when the
   * browser has no native HLS. Answers { destroy, latencySec }.
   */
  async function attachPlayer(video, url, dashPlayer) {
    if (dashPlayer) return attachDashPlayer(video, url, dashPlayer);
    var nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';
    if (!nativeHls && window.Hls === undefined) await loadScript('/demo/vendor/hls.js');
    if (!nativeHls && window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.on(window.Hls.Events.ERROR, function (_e, d) { if (d.fatal) showError('player: ' + d.type + ' ' + d.details + (d.response ? ' (HTTP ' + d.response.code + ')' : '')); });
      hls.loadSource(url);
      hls.attachMedia(video);
      // hls.latency: how far behind the live edge it plays, which places a live player on the session timeline.
      return { destroy: function () { hls.destroy(); }, latencySec: function () { return hls.latency; } };
    }
    if (!nativeHls) throw new Error('this browser plays no HLS (no native support, no Media Source Extensions)');
    video.src = url;
    return { destroy: function () { video.removeAttribute('src'); video.load(); }, latencySec: function () { return undefined; } };
  }

  /** DASH players put the MPD's presentation time on the video element: no latency to convert. */
  async function attachDashPlayer(video, url, which) {
    var none = function () { return undefined; };
    if (which === 'shaka') {
      if (window.shaka === undefined) await loadScript('/demo/vendor/shaka-player.js');
      window.shaka.polyfill.installAll();
      var player = new window.shaka.Player();
      player.addEventListener('error', function (e) { showError('player: Shaka error ' + (e.detail && e.detail.code)); });
      await player.attach(video);
      await player.load(url);
      return { destroy: function () { player.destroy(); }, latencySec: none };
    }
    if (window.dashjs === undefined) await loadScript('/demo/vendor/dash.js');
    var dash = window.dashjs.MediaPlayer().create();
    dash.on(window.dashjs.MediaPlayer.events.ERROR, function (e) { showError('player: dash.js error ' + JSON.stringify(e.error || e).slice(0, 200)); });
    dash.initialize(video, url, true);
    return { destroy: function () { dash.reset(); }, latencySec: none };
  }

  /** Beacons the demo sink received for the session, oldest first. */
  async function refreshBeacons(p) {
    var b = await getJson('/demo/beacons?sid=' + encodeURIComponent(p.sid));
    var hits = b.hits.filter(function (h) { return h.event !== 'ads-request'; });
    $('beacon-count').textContent = '(' + hits.length + ')';
    var list = $('beacons');
    for (var i = list.children.length; i < hits.length; i++) {
      var h = hits[i], li = document.createElement('li');
      li.textContent = new Date(h.atMs).toISOString().slice(11, 23) + ' ' + h.event + ' ' + (new URL(h.url).searchParams.get('ad') || '');
      li.dataset.event = h.event;
      list.append(li);
    }
  }

  /** The session's timeline, incrementally. */
  async function refreshTimeline(p) {
    var v = await getJson('/demo/sessions/' + p.sid + '/timeline?cfg=' + p.cfg + '&since=' + p.timeline.lastSeq());
    p.timeline.update(v);
  }

  /** The tracking JSON (explicit sessions), folded; it also feeds the client beacons. */
  async function refreshTracking(p) {
    if (!p.trackingUrl) return;
    var t = await getJson(p.trackingUrl);
    p.tracking = t;
    $('tracking').textContent = JSON.stringify(t, null, 1);
    $('tracking-summary').textContent = '(' + t.avails.length + ' avail(s), ' + t.avails.reduce(function (n, a) { return n + a.ads.length; }, 0) + ' ad(s))';
  }

  /** Events due at a playhead position (pause, mute, clickTracking … need a viewer's action). */
  var PLAYBACK_EVENTS = { impression: 1, start: 1, firstQuartile: 1, midpoint: 1, thirdQuartile: 1, complete: 1, breakStart: 1, breakEnd: 1 };

  /**
   * Client-side reporting: fires each tracking event's beacon URLs once the playhead has reached
   * its startTimeInSeconds, once, as a client-side player does. Events before where playback
   * started (a live join) or jumped over by a seek are not fired; events the tracking JSON
   * brought late (it is polled) still are, when the playhead went past them while playing.
   */
  function fireClientBeacons(p, video) {
    var t = playerSessionTime(p, video), last = p.lastTime;
    if (t === null) return;
    p.lastTime = t;
    // The first look may come after playback began (a busy page): events from where playback
    // started on are due, so the floor is the start position the 'playing' event saw.
    if (last === undefined) p.floor = p.startSec !== undefined ? Math.min(p.startSec, t) : t;
    // Backwards by more than a jitter, or a jump: a seek.
    else if (t < last - 0.5 || t - last > 3) p.floor = t;
    if (!p.tracking || video.paused) return;
    p.tracking.avails.forEach(function (avail) {
      avail.ads.forEach(function (ad) {
        ad.trackingEvents.forEach(function (ev) {
          var key = ev.eventId + '/' + ev.eventType;
          if (!PLAYBACK_EVENTS[ev.eventType]) return;
          if (p.fired[key] || ev.startTimeInSeconds < p.floor || ev.startTimeInSeconds > t) return;
          p.fired[key] = true;
          ev.beaconUrls.forEach(function (u) {
            fetch(u, { mode: 'no-cors', keepalive: true })
              .then(function () { p.timeline.clientBeacon(ev.startTimeInSeconds, ev.eventType, true); },
                    function (e) { p.timeline.clientBeacon(ev.startTimeInSeconds, ev.eventType, false); showError('client beacon ' + ev.eventType + ': ' + e); });
          });
        });
      });
    });
  }

  /**
   * The player's position in session media time: VOD media time is session time, and so is a
   * DASH player's (the MPD's presentation time, the Period@start clock of the tracking JSON); HLS
   * live, the session's live edge minus how far behind it the player is (hls.js), unknown otherwise.
   */
  function playerSessionTime(p, video) {
    if (p.dash || Number.isFinite(video.duration)) return video.currentTime;
    var m = p.timeline.media();
    if (!m || !p.player) return null;
    var behind = p.player.latencySec();
    return typeof behind === 'number' && behind > 0 ? Math.max(0, m.endSec - behind) : null;
  }

  function every(p, ms, fn) {
    var busy = false;
    var tick = async function () {
      if (busy || current !== p) return;
      busy = true;
      try { await fn(p); } catch (e) { showError(String(e.message || e)); } finally { busy = false; }
    };
    p.timers.push(setInterval(tick, ms));
    tick();
  }

  function stopPlayback() {
    var p = current;
    current = null;
    if (!p) return;
    p.timers.forEach(clearInterval);
    if (p.player) p.player.destroy();
  }

  function resetPanels() {
    $('errors').replaceChildren();
    $('beacons').replaceChildren();
    $('beacon-count').textContent = '';
    $('tracking').textContent = '–';
    $('tracking-summary').textContent = '(explicit sessions)';
    $('timeline').replaceChildren();
    $('timeline').className = '';
  }

  async function play() {
    var gen = ++generation;
    stopPlayback();
    resetPanels();
    var video = $('video');
    var dashPlayer = $('format').value === 'dash' ? $('dashPlayer').value : null;
    var s = await startSession($('asset').value, $('mode').value, $('ads').value === 'mp4', dashPlayer !== null);
    if (gen !== generation) return;
    var p = { sid: s.sid, cfg: s.cfg, dash: dashPlayer !== null, trackingUrl: s.trackingUrl, timers: [], fired: {}, player: null, timeline: new EdgeTimeline($('timeline')) };
    current = p;
    $('urls').replaceChildren();
    var link = document.createElement('a');
    link.href = '/sessions/' + s.sid + '/timeline';
    link.textContent = 'operator view (admin token)';
    $('urls').append('session ' + s.sid + ' · manifest ' + s.manifestUrl + (s.trackingUrl ? ' · tracking ' + s.trackingUrl : '') + ' · ', link);
    var player = await attachPlayer(video, s.manifestUrl, dashPlayer);
    if (current !== p) { player.destroy(); return; }
    p.player = player;
    if (s.clientBeacons) {
      // Where playback starts (less a jitter: the event is handled a moment later), for fireClientBeacons.
      video.addEventListener('playing', function () {
        var t0 = current === p ? playerSessionTime(p, video) : null;
        if (t0 !== null) p.startSec = Math.max(0, t0 - 0.5);
      }, { once: true });
    }
    video.play().catch(function () {});
    every(p, 2000, refreshBeacons);
    every(p, 2000, refreshTimeline);
    every(p, s.clientBeacons ? 1000 : 2000, refreshTracking);
    p.timers.push(setInterval(function () {
      if (current !== p) return;
      p.timeline.playerTime(playerSessionTime(p, video));
      if (s.clientBeacons) fireClientBeacons(p, video);
    }, 250));
  }

  // The DASH player choice applies to DASH only.
  $('format').onchange = function () { $('dashPlayer').disabled = $('format').value !== 'dash'; };
  $('format').onchange();
  $('play').onclick = function () { play().catch(function (e) { showError(String(e.message || e)); }); };
  $('stop').onclick = function () { generation++; stopPlayback(); };
})();
`;
}
