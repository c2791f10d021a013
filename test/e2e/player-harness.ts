/**
 * @module test/e2e/player-harness
 * The smallest player page that exercises the service like a real site would: served from its
 * own loopback origin (so every playlist, redirect and segment is a cross-origin request and
 * CORS is checked by the browser), it loads hls.js from the service (`/demo/vendor/hls.js`) and
 * exposes `window.e2e.start(url, config, rate)` / `window.e2e.state()` to the test. The state
 * records every hls.js error with its details, every fragment the playhead entered (with its
 * discontinuity counter), the date ranges of the media playlist and the metadata cues hls.js
 * made of them (what a page reads to learn which ad plays), and the video element's position, so
 * a failure says what the player saw. Plain browser JavaScript in a string: no DOM types leak
 * into the Node test project.
 */
import { createServer, type Server } from 'node:http';

export interface PlayerError {
  type: string;
  details: string;
  fatal: boolean;
  reason?: string;
  error?: string;
  url?: string;
  frag?: { sn: number | string; cc: number; start: number; level: number };
  response?: { code: number; text: string };
  atTime: number;
}

export interface PlayedFrag {
  sn: number | string;
  cc: number;
  start: number;
  duration: number;
  url: string;
  /** video.currentTime when the playhead entered it. */
  atTime: number;
}

/** An EXT-X-DATERANGE as hls.js parsed it (tags of one ID merged), with its custom attributes. */
export interface PlayerDateRange {
  id: string;
  class?: string;
  startDate: string;
  endDate?: string;
  duration: number | null;
  /** Where hls.js places it on the media timeline (seconds), from the program date-times. */
  startTime: number | null;
  /** `X-…` attributes, as written. */
  custom: Record<string, string>;
}

/** A cue of the metadata text track hls.js fills from DATERANGE attributes (`com.apple.quicktime.HLS`). */
export interface PlayerMetadataCue {
  startTime: number;
  endTime: number;
  key: string;
  data: string;
}

export interface PlayerState {
  started: boolean;
  /** Date ranges of the last media playlist hls.js loaded, by ID. */
  dateRanges: Record<string, PlayerDateRange>;
  /** What a page reading the video's metadata text tracks sees. */
  metadataCues: PlayerMetadataCue[];
  errors: PlayerError[];
  frags: PlayedFrag[];
  levelUrl: string;
  ended: boolean;
  currentTime: number;
  duration: number;
  paused: boolean;
  readyState: number;
  playbackRate: number;
  buffered: [number, number][];
  playError?: string;
}

export function harnessHtml(serviceOrigin: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>edge-ssai e2e player</title>
<script src="${serviceOrigin}/demo/vendor/hls.js"></script></head>
<body><video id="v" muted playsinline width="320" height="180"></video>
<script>
const video = document.getElementById('v');
const st = { started: false, errors: [], frags: [], levelUrl: '', ended: false, dateRanges: {} };
video.addEventListener('ended', () => { st.ended = true; });
window.e2e = {
  start(url, config, rate) {
    const hls = new Hls(Object.assign({ enableWorker: true }, config));
    window.hls = hls;
    hls.on(Hls.Events.ERROR, (_e, d) => {
      st.errors.push({
        type: String(d.type), details: String(d.details), fatal: !!d.fatal,
        reason: d.reason, error: d.error ? String(d.error) : undefined, url: d.frag ? d.frag.url : d.url,
        frag: d.frag ? { sn: d.frag.sn, cc: d.frag.cc, start: d.frag.start, level: d.frag.level } : undefined,
        response: d.response ? { code: d.response.code, text: String(d.response.text || '') } : undefined,
        atTime: video.currentTime,
      });
    });
    hls.on(Hls.Events.FRAG_CHANGED, (_e, d) => {
      st.frags.push({ sn: d.frag.sn, cc: d.frag.cc, start: d.frag.start, duration: d.frag.duration, url: d.frag.url, atTime: video.currentTime });
    });
    hls.on(Hls.Events.LEVEL_LOADED, (_e, d) => { if (!st.levelUrl) st.levelUrl = d.details.url; });
    hls.on(Hls.Events.LEVEL_UPDATED, (_e, d) => {
      st.dateRanges = {};
      for (const [id, r] of Object.entries(d.details.dateRanges || {})) {
        const custom = {};
        for (const k of Object.keys(r.attr)) if (k.startsWith('X-')) custom[k] = String(r.attr[k]);
        st.dateRanges[id] = { id, class: r.class, startDate: r.startDate.toISOString(), endDate: r.endDate ? r.endDate.toISOString() : undefined, duration: r.duration, startTime: Number.isFinite(r.startTime) ? r.startTime : null, custom };
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      video.muted = true;
      video.defaultPlaybackRate = rate;
      video.playbackRate = rate;
      video.play().then(() => { st.started = true; }, (e) => { st.playError = String(e); });
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  },
  setRate(rate) { video.playbackRate = rate; },
  state() {
    const buffered = [];
    for (let i = 0; i < video.buffered.length; i++) buffered.push([video.buffered.start(i), video.buffered.end(i)]);
    const metadataCues = [];
    for (const track of Array.from(video.textTracks).filter((t) => t.kind === 'metadata')) {
      for (const c of Array.from(track.cues || [])) {
        if (c.value && typeof c.value.key === 'string') metadataCues.push({ startTime: c.startTime, endTime: c.endTime, key: c.value.key, data: String(c.value.data) });
      }
    }
    return Object.assign({}, st, { metadataCues,
      currentTime: video.currentTime, duration: video.duration, paused: video.paused,
      readyState: video.readyState, playbackRate: video.playbackRate, buffered,
    });
  },
};
</script></body></html>`;
}

/** Serves the harness page at `/` on its own loopback port (a different origin from the service). */
export function serveHarness(serviceOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  return serveHtml(harnessHtml(serviceOrigin));
}

/** Serves `html` at `/` on a loopback port of its own (the player pages of the e2e tests). */
export async function serveHtml(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
