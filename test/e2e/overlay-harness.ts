/**
 * @module test/e2e/overlay-harness
 * A page on its own loopback origin that plays a stream the way a site using Shaka Player's
 * MediaTailor ad manager does: the video inside a box with an ad container over it,
 * `adManager.setContainers(…)`, then `requestMediaTailorStream(sessionInitUrl, adsParams)` (which
 * POSTs the session init) and `player.load(manifestUrl)`; Shaka then polls the session's tracking
 * URL and renders the overlay ads listed there into the ad container.
 * `window.e2e.start(sessionInitUrl, adsParams, delaySec)` / `window.e2e.state()` expose what the
 * page saw: every ad manager event (with `ad.isLinear()` and the playhead), every `<img>` Shaka put
 * into the ad container (a MutationObserver: Shaka removes them when the ad ends), the ad manager's
 * own requests by kind (a networking-engine response filter), the playhead when playback began,
 * and the ad manager's stats. Plain browser JavaScript in a string: no DOM types in the Node project.
 */
import { serveHtml } from './player-harness.ts';

export interface OverlayPageState {
  errors: string[];
  manifestUrl: string;
  /** video.currentTime at the first `playing`. */
  startedAt: number | null;
  currentTime: number;
  paused: boolean;
  /** Ad manager events in order: type, whether the ad is linear (when the event has one), playhead. */
  adEvents: { type: string; linear: boolean | null; atTime: number }[];
  /** `<img>` elements added to the ad container: src, inline position, playhead. */
  images: { src: string; top: string; left: string; atTime: number }[];
  /** Requests Shaka's ad manager made, by MediaTailor request kind (`trackingInfo`, `staticResource`, …), with their URLs. */
  adRequests: { kind: string; url: string; status: number }[];
  /** `adManager.getStats()`. */
  stats: Record<string, number>;
}

/** Ad manager events the page records (shaka.ads.Utils). */
const AD_EVENT_TYPES = ['ads-loaded', 'ad-started', 'ad-impression', 'ad-complete', 'ad-stopped', 'ad-cue-points-changed', 'ad-error'];

export function overlayHarnessHtml(serviceOrigin: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>edge-ssai e2e overlay player</title>
<script src="${serviceOrigin}/demo/vendor/shaka-player.js"></script></head>
<body><div id="box" style="position:relative;width:640px;height:360px">
<video id="v" muted playsinline style="width:100%;height:100%"></video>
<div id="ads" style="position:absolute;inset:0;pointer-events:none"></div></div>
<script>
const video = document.getElementById('v');
const adContainer = document.getElementById('ads');
const st = { errors: [], manifestUrl: '', startedAt: null, adEvents: [], images: [], adRequests: [], stats: {} };
video.addEventListener('playing', () => { if (st.startedAt === null) st.startedAt = video.currentTime; });
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.tagName === 'IMG') st.images.push({ src: n.src, top: n.style.top, left: n.style.left, atTime: video.currentTime });
  }
}).observe(adContainer, { childList: true, subtree: true });
let player;
window.e2e = {
  async start(sessionInitUrl, adsParams, delaySec) {
    shaka.polyfill.installAll();
    player = new shaka.Player();
    window.player = player;
    player.addEventListener('error', (e) => st.errors.push('shaka: ' + e.detail.code + ' ' + JSON.stringify(e.detail.data).slice(0, 300)));
    player.configure({ streaming: { rebufferingGoal: 2, bufferingGoal: 20 } });
    await player.attach(video);
    const kinds = new Map(Object.entries(shaka.net.NetworkingEngine.AdvancedRequestType)
      .filter(([k]) => k.startsWith('MEDIATAILOR_'))
      .map(([k, v]) => [v, k.slice('MEDIATAILOR_'.length).toLowerCase().replace(/_(.)/g, (_, c) => c.toUpperCase())]));
    player.getNetworkingEngine().registerResponseFilter((type, response, context) => {
      const kind = context && kinds.get(context.type);
      if (kind) st.adRequests.push({ kind, url: response.uri, status: response.status });
    });
    const ads = player.getAdManager();
    ads.setContainers(null, adContainer);
    for (const type of ${JSON.stringify(AD_EVENT_TYPES)}) {
      ads.addEventListener(type, (e) => st.adEvents.push({ type, linear: e.ad ? e.ad.isLinear() : null, atTime: video.currentTime }));
    }
    try {
      st.manifestUrl = await ads.requestMediaTailorStream(sessionInitUrl, adsParams);
      await player.load(st.manifestUrl, delaySec > 0 ? -delaySec : undefined);
      await video.play();
    } catch (e) {
      st.errors.push('start: ' + (e && (e.code || e.message)) + ' ' + JSON.stringify(e && e.data).slice(0, 300));
    }
  },
  state() {
    const stats = player ? player.getAdManager().getStats() : {};
    return Object.assign({}, st, { adEvents: st.adEvents.slice(), images: st.images.slice(), adRequests: st.adRequests.slice(), stats, currentTime: video.currentTime, paused: video.paused });
  },
};
</script></body></html>`;
}

/** Serves the page at `/` on its own loopback port (a different origin from the service). */
export function serveOverlayHarness(serviceOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  return serveHtml(overlayHarnessHtml(serviceOrigin));
}
