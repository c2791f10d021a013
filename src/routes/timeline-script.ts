/**
 * @module routes/timeline-script
 * The browser side of the session timeline (docs/session-timeline.md), shared by the timeline
 * page (routes/timeline-page) and the demo player page: `new EdgeTimeline(root, opts)` draws the
 * media timeline of a timeline JSON answer (content, ad and slate blocks in session media time,
 * the playhead of the session's last request, the player's own position when it is told, beacons
 * as ticks) and, on a click, everything the record says about a block or an entry. Plain browser
 * JavaScript with no dependency; every value from the record is written with `textContent`,
 * never as HTML, because it comes from origins, ad servers and players.
 */

export const TIMELINE_CSS = `
.etl{font:13px system-ui,sans-serif}
.etl-head{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin:.25rem 0}
.etl-track{position:relative;height:34px;background:#eee;border-radius:3px;overflow:hidden}
.etl-block{position:absolute;top:0;bottom:0;min-width:2px;cursor:pointer;border-right:1px solid #fff;box-sizing:border-box}
.etl-block.content{background:#9aa5b1}.etl-block.ad{background:#f28c28}.etl-block.slate{background:#8e6bbf}
.etl-block.unfilled{background:#d64545;width:3px}
.etl-block.selected{outline:2px solid #111;z-index:2}
.etl-line{position:absolute;top:-4px;bottom:-4px;width:2px;pointer-events:none;z-index:3}
.etl-line.server{background:#111}.etl-line.player{background:#1f6feb}
.etl-ticks{position:relative;height:16px}
.etl-tick{position:absolute;top:0;width:2px;height:12px;cursor:pointer}
.etl-tick.fired{background:#2da44e}.etl-tick.failed{background:#d64545}.etl-tick.client{background:#1f6feb}
.etl-axis{display:flex;justify-content:space-between;color:#555;font-size:11px}
.etl-legend span{display:inline-block;margin-right:.8rem}.etl-legend i{display:inline-block;width:10px;height:10px;margin-right:3px;vertical-align:middle}
.etl-details{border:1px solid #ddd;border-radius:3px;padding:.5rem;margin-top:.5rem;max-height:28rem;overflow:auto}
.etl-details h4{margin:.5rem 0 .25rem}.etl-details pre{background:#f6f6f6;padding:.4rem;white-space:pre-wrap;word-break:break-all;font-size:11px;margin:.2rem 0}
.etl-entries{max-height:22rem;overflow:auto;border:1px solid #ddd;margin-top:.5rem}
.etl-entries table{border-collapse:collapse;width:100%;font-size:12px}.etl-entries td{padding:1px 6px;border-bottom:1px solid #f0f0f0;vertical-align:top}
.etl-entries tr{cursor:pointer}.etl-entries tr:hover{background:#f4f8ff}
`;

export const TIMELINE_SCRIPT = `
(function () {
  var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; };
  var mmss = function (s) { s = Math.max(0, s || 0); var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = Math.floor(s % 60); return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(x).padStart(2, '0'); };
  var clock = function (ms) { return new Date(ms).toISOString().slice(11, 23); };
  var pre = function (v) { return el('pre', '', typeof v === 'string' ? v : JSON.stringify(v, null, 1)); };
  var folded = function (title, v) { var d = el('details'); d.append(el('summary', '', title), pre(v)); return d; };

  /** One line of text per entry, for the list and the details. */
  function summary(e) {
    switch (e.kind) {
      case 'session': return e.init + ' session, ' + e.reportingMode + '-side reporting, ' + e.assetPath + (e.logMode ? ' (logMode ' + e.logMode + ')' : '');
      case 'manifest': return (e.request === 'media' ? 'media playlist ' + e.rendition + (e.renditionKind ? ' (' + e.renditionKind + ')' : '') : e.request === 'mpd' ? 'MPD' : 'multivariant playlist') + ' → ' + e.status + (e.error ? ' ' + e.error : '') + '; origin ' + (e.originStatus || 'no answer') + ' in ' + e.originLatencyMs + ' ms' + (e.served ? '; ' + (e.served.periods !== undefined ? e.served.periods + ' periods' : e.served.segments + ' segments') + ' to ' + mmss(e.served.endSec) + (e.served.adBreaks ? ', ' + e.served.adBreaks + ' ad break(s)' : '') : '');
      case 'marker': return 'ad marker: avail ' + e.availIndex + (e.period !== undefined ? ' in period ' + e.period + ' at ' + e.offsetSec + ' s' : ' at origin sequence ' + e.originSeq) + (e.durationSec !== undefined ? ', ' + e.durationSec + ' s' : '') + (e.scte ? ', SCTE-35 ' + e.scte.kind + (e.scte.eventId !== undefined ? ' event ' + e.scte.eventId : '') : '');
      case 'ads-request': return 'ad server ' + e.method + ' → ' + (e.status || e.outcome) + ' in ' + e.latencyMs + ' ms' + (e.message ? ' (' + e.message + ')' : '');
      case 'plan': return 'avail ' + e.availIndex + ' plan: ' + e.outcome + ', ' + e.ads.length + ' ad(s), fill ' + Math.round(e.fillRate * 100) + ' %' + (e.skipped.length ? ', ' + e.skipped.length + ' skipped (' + e.skipped.map(function (s) { return s.reason; }).join(', ') + ')' : '') + (e.reason ? '; ' + e.reason : '');
      case 'segment': return 'ad segment ' + (e.periodId !== undefined ? e.path + ' (period ' + e.periodId : e.mediaSeq + ' (rendition ' + e.rendition) + ', ad ' + e.adIndex + ')' + (e.events.length ? ' → ' + e.events.join(', ') : '') + (e.probe ? ' [HEAD]' : '');
      case 'beacon': return 'beacon ' + e.event + ' (ad ' + e.adIndex + ') ' + e.outcome + (e.status ? ' ' + e.status : '') + ', attempt ' + e.attempt + (e.error ? ': ' + e.error : '');
      case 'tracking': return 'tracking API → ' + e.status + ', ' + e.avails + ' avail(s)' + (e.error ? ' ' + e.error : '');
      case 'error': return 'error in ' + e.where + ': ' + e.message;
      default: return e.kind;
    }
  }

  window.EdgeTimeline = function (root, opts) {
    opts = opts || {};
    root.classList.add('etl');
    var head = el('div', 'etl-head'), stats = el('span'), range = el('select');
    [['all', 'whole session'], ['600', 'last 10 min'], ['180', 'last 3 min']].forEach(function (o) { var x = el('option', '', o[1]); x.value = o[0]; range.append(x); });
    head.append(stats, range);
    var track = el('div', 'etl-track'), ticks = el('div', 'etl-ticks'), axis = el('div', 'etl-axis');
    var legend = el('div', 'etl-legend');
    [['#9aa5b1', 'content'], ['#f28c28', 'ad'], ['#8e6bbf', 'slate'], ['#d64545', 'break left as content'], ['#111', 'last request'], ['#1f6feb', 'player'], ['#2da44e', 'beacon fired']].forEach(function (l) { var s = el('span'), i = el('i'); i.style.background = l[0]; s.append(i, l[1]); legend.append(s); });
    var details = el('div', 'etl-details'); details.hidden = true;
    var list = el('div', 'etl-entries'), table = el('table'); list.append(table); list.hidden = !opts.list;
    root.append(head, track, ticks, axis, legend, details, list);
    var view = null, entries = [], seen = {}, playerSec = null, clientTicks = [], selected = null;
    range.onchange = draw;

    function span() {
      // A DASH live session's clock starts at availabilityStartTime: its layout starts where its MPD does.
      var first = view ? view.media.startSec || 0 : 0;
      var end = Math.max(view ? view.media.endSec : 0, playerSec || 0, first + 1);
      var len = range.value === 'all' ? end - first : Math.min(end - first, Number(range.value));
      return { start: end - len, len: len };
    }
    function pos(sec, s) { return ((sec - s.start) / s.len * 100) + '%'; }
    function related(pred) { return entries.filter(pred); }

    function show(title, parts) {
      details.replaceChildren(el('h4', '', title));
      parts.forEach(function (p) { if (p) details.append(p); });
      details.hidden = false;
    }
    function entryBlock(e) { var d = el('div'); d.append(el('div', '', '#' + e.seq + ' ' + clock(e.atMs) + ' ' + summary(e)), folded('JSON', e)); if (e.kind === 'ads-request' && e.body !== undefined) d.append(folded('response body (' + e.bodyChars + ' characters' + (e.bodyTruncated ? ', cut' : '') + ')', e.body)); return d; }
    function showBlock(b) {
      var title = b.kind === 'content' ? (b.note ? 'Break left as content (avail ' + b.availIndex + '): ' + b.note : 'Content') : (b.kind === 'ad' ? 'Ad ' + (b.adIndex + 1) : 'Slate') + ' of avail ' + b.availIndex + (b.availId ? ' (availId ' + b.availId + ')' : '');
      var parts = [el('div', '', mmss(b.startSec) + ' – ' + mmss(b.startSec + b.durationSec) + ' (' + b.durationSec.toFixed(1) + ' s)')];
      if (b.breakKey !== undefined) {
        var mine = related(function (e) { return e.breakKey === b.breakKey || (b.availId !== undefined && e.availId === b.availId && (b.kind !== 'ad' || e.kind !== 'beacon' || e.adIndex === b.adIndex)); });
        ['marker', 'ads-request', 'plan', 'segment', 'beacon'].forEach(function (k) {
          var of = mine.filter(function (e) { return e.kind === k; });
          if (!of.length) return;
          parts.push(el('h4', '', k + ' (' + of.length + ')'));
          of.slice(-50).forEach(function (e) { parts.push(entryBlock(e)); });
        });
        if (mine.length === 0) parts.push(el('div', '', 'No entries about this avail are left in the record (the oldest are dropped first).'));
      }
      show(title, parts);
    }

    function draw() {
      if (!view) return;
      var s = span(), r = view.record;
      stats.textContent = (view.media.vod ? 'VOD' : 'live') + ' · ' + mmss(view.media.endSec - (view.media.startSec || 0)) + ' of media · ' + r.recorded + ' entries recorded, ' + (r.recorded - r.dropped) + ' kept' + (r.dropped ? ', ' + r.dropped + ' oldest dropped' : '') + ' (ring of ' + r.capacity + ')';
      track.replaceChildren();
      view.media.blocks.forEach(function (b) {
        if (b.startSec + b.durationSec < s.start) return;
        var d = el('div', 'etl-block ' + (b.kind === 'content' && b.note ? 'unfilled' : b.kind));
        d.style.left = pos(Math.max(b.startSec, s.start), s);
        if (!(b.kind === 'content' && b.note)) d.style.width = ((Math.min(b.durationSec, b.startSec + b.durationSec - s.start)) / s.len * 100) + '%';
        d.title = (b.kind === 'ad' ? 'ad ' + (b.adIndex + 1) + ' of avail ' + b.availIndex : b.note || b.kind) + ' · ' + mmss(b.startSec) + '–' + mmss(b.startSec + b.durationSec);
        d.dataset.kind = b.kind;
        if (selected && selected.startSec === b.startSec && selected.kind === b.kind) d.classList.add('selected');
        d.onclick = function () { selected = b; draw(); showBlock(b); };
        track.append(d);
      });
      var ph = view.media.playhead;
      if (ph && ph.timeSec >= s.start) { var l = el('div', 'etl-line server'); l.style.left = pos(ph.timeSec, s); l.title = 'last request (' + ph.source + ') at ' + clock(ph.atMs); track.append(l); }
      if (playerSec !== null && playerSec >= s.start) { var p = el('div', 'etl-line player'); p.style.left = pos(playerSec, s); p.title = 'player at ' + mmss(playerSec); track.append(p); }
      ticks.replaceChildren();
      entries.forEach(function (e) {
        if (e.kind !== 'beacon' || e.timeSec === undefined || e.timeSec < s.start) return;
        var t = el('div', 'etl-tick ' + e.outcome); t.style.left = pos(e.timeSec, s); t.title = summary(e); t.dataset.event = e.event;
        t.onclick = function () { show('Beacon', [entryBlock(e)]); };
        ticks.append(t);
      });
      clientTicks.forEach(function (c) { if (c.timeSec < s.start) return; var t = el('div', 'etl-tick client'); t.style.left = pos(c.timeSec, s); t.title = 'client-side beacon ' + c.event + (c.ok ? '' : ' (failed)'); t.dataset.event = c.event; ticks.append(t); });
      axis.replaceChildren(el('span', '', mmss(s.start)), el('span', '', mmss(s.start + s.len / 2)), el('span', '', mmss(s.start + s.len)));
    }

    function addRows(fresh) {
      fresh.forEach(function (e) {
        var tr = el('tr');
        tr.append(el('td', '', e.seq), el('td', '', clock(e.atMs)), el('td', '', e.kind), el('td', '', summary(e)));
        tr.dataset.kind = e.kind;
        tr.onclick = function () { show('Entry #' + e.seq, [entryBlock(e)]); };
        table.append(tr);
      });
      while (table.rows.length > 2000) table.deleteRow(0);
    }

    return {
      /** A timeline answer; its entries are added to those already held (poll with ?since=). */
      update: function (v) {
        view = v;
        var fresh = v.entries.filter(function (e) { return !seen[e.seq]; });
        fresh.forEach(function (e) { seen[e.seq] = true; entries.push(e); });
        if (entries.length > 6000) entries = entries.slice(-5000);
        addRows(fresh);
        draw();
      },
      lastSeq: function () { return entries.length ? entries[entries.length - 1].seq : 0; },
      /** The player's position in session media time (null: unknown). */
      playerTime: function (sec) { playerSec = sec; draw(); },
      /** The session's media end and whether it is VOD, once a timeline arrived. */
      media: function () { return view ? { endSec: view.media.endSec, vod: view.media.vod } : null; },
      clientBeacon: function (timeSec, event, ok) { clientTicks.push({ timeSec: timeSec, event: event, ok: ok }); draw(); },
      summary: summary,
    };
  };
})();
`;
