/**
 * @module test/e2e/dash-harness
 * The DASH counterpart of player-harness: a page on its own loopback origin (so every MPD,
 * redirect and segment is a cross-origin request) that loads dash.js or Shaka Player from the
 * service's demo assets (`/demo/vendor/dash.js`, `/demo/vendor/shaka-player.js`) and exposes
 * `window.e2e.start(url, player, rate, live)` / `window.e2e.state()`. The state records every
 * player error, the playhead sampled every 50 ms (to tell which periods it went through), and
 * each stall: the wall time from a `waiting` to the next `playing` once playback has started, and
 * the ad ID signaling events dash.js hands the page.
 * Plain browser JavaScript in a string: no DOM types leak into the Node test project.
 */
import { serveHtml } from './player-harness.ts';

export type DashPlayerName = 'dashjs' | 'shaka';

export interface DashPlayerState {
  started: boolean;
  errors: string[];
  /** Playhead samples [currentTime, wall ms since start]. */
  samples: [number, number][];
  /** Stalls after playback started, in wall milliseconds (the last one may still be open). */
  stallsMs: number[];
  ended: boolean;
  currentTime: number;
  playbackRate: number;
  readyState: number;
  paused: boolean;
  /**
   * dash.js events of the ad ID signaling scheme (`urn:sva:advertising-wg:ad-id-signaling`), as
   * the page is told of them: when the MPD that carries one is read (`receive`), and when the
   * playhead reaches it (`start`).
   */
  adSignals: { mode: 'receive' | 'start'; id: number; startSec: number; durationSec: number; data: string }[];
}

export function dashHarnessHtml(serviceOrigin: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>edge-ssai e2e DASH player</title>
<script src="${serviceOrigin}/demo/vendor/dash.js"></script>
<script src="${serviceOrigin}/demo/vendor/shaka-player.js"></script></head>
<body><video id="v" muted playsinline width="320" height="180"></video>
<script>
const video = document.getElementById('v');
const t0 = performance.now();
const st = { started: false, errors: [], samples: [], stallsMs: [], ended: false, adSignals: [] };
const AD_SIGNAL_SCHEME = 'urn:sva:advertising-wg:ad-id-signaling';
const adSignal = (mode) => (e) => {
  const ev = e.event || {};
  st.adSignals.push({ mode, id: ev.id, startSec: ev.calculatedPresentationTime, durationSec: ev.duration, data: String(ev.messageData || '') });
};
let waitingSince;
video.addEventListener('ended', () => { st.ended = true; });
video.addEventListener('waiting', () => { if (st.started && waitingSince === undefined) waitingSince = performance.now(); });
video.addEventListener('playing', () => {
  st.started = true;
  if (waitingSince !== undefined) { st.stallsMs.push(performance.now() - waitingSince); waitingSince = undefined; }
});
setInterval(() => { if (st.started) st.samples.push([video.currentTime, performance.now() - t0]); }, 50);
window.e2e = {
  async start(url, which, rate, live) {
    video.muted = true;
    video.defaultPlaybackRate = rate;
    const play = () => { video.playbackRate = rate; return video.play().catch((e) => st.errors.push('play: ' + e)); };
    if (which === 'dashjs') {
      const player = dashjs.MediaPlayer().create();
      window.player = player;
      player.updateSettings({
        debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
        streaming: {
          // Start well behind the live edge so the whole break is in the buffer window; no catch-up
          // (it would fight the test's playback rate).
          delay: live ? { liveDelay: live.delaySec } : {},
          liveCatchup: { enabled: false },
          buffer: { fastSwitchEnabled: false },
        },
      });
      player.on(dashjs.MediaPlayer.events.ERROR, (e) => st.errors.push('dash.js: ' + JSON.stringify(e.error && (e.error.message || e.error.code) || e)));
      player.on(dashjs.MediaPlayer.events.CAN_PLAY, () => { if (!st.started) play(); });
      // In-MPD events reach the page by scheme: on receipt and when the playhead gets to them.
      player.on(AD_SIGNAL_SCHEME, adSignal('receive'), null, { mode: dashjs.MediaPlayer.events.EVENT_MODE_ON_RECEIVE });
      player.on(AD_SIGNAL_SCHEME, adSignal('start'), null, { mode: dashjs.MediaPlayer.events.EVENT_MODE_ON_START });
      player.initialize(video, url, false);
    } else {
      shaka.polyfill.installAll();
      const player = new shaka.Player();
      window.player = player;
      player.addEventListener('error', (e) => st.errors.push('shaka: ' + e.detail.code + ' ' + JSON.stringify(e.detail.data).slice(0, 300)));
      player.configure({ streaming: { rebufferingGoal: 2, bufferingGoal: 20 }, manifest: { dash: {} } });
      await player.attach(video);
      try {
        await player.load(url, live ? -live.delaySec : undefined);
        play();
      } catch (e) {
        st.errors.push('shaka load: ' + (e && e.code) + ' ' + JSON.stringify(e && e.data).slice(0, 300));
      }
    }
  },
  setRate(rate) { video.playbackRate = rate; },
  state() {
    const stalls = st.stallsMs.slice();
    if (waitingSince !== undefined) stalls.push(performance.now() - waitingSince);
    return Object.assign({}, st, { stallsMs: stalls, samples: st.samples.slice(), adSignals: st.adSignals.slice(), currentTime: video.currentTime, playbackRate: video.playbackRate, readyState: video.readyState, paused: video.paused });
  },
};
</script></body></html>`;
}

/** Serves the harness page at `/` on its own loopback port (a different origin from the service). */
export function serveDashHarness(serviceOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  return serveHtml(dashHarnessHtml(serviceOrigin));
}
