/**
 * @module demo/ad-server
 * The demo ad decision server: answers VAST 4.2 pods (and VMAP 1.0 for VOD) whose creatives are
 * the demo's ads as streaming MediaFiles, an HLS playlist and, beside it, a DASH MPD (used as-is;
 * docs/dash.md "Creatives"), and whose beacons point at the demo beacon sink. Faults can be asked for, so every failure of docs/architecture.md §9 can be shown.
 * In MP4 mode it answers like most ad servers do: one progressive MP4 MediaFile per ad (the
 * demo's MP4s, `demo/media/mp4/`), which the packager turns into renditions on first sighting
 * (docs/packaging-creatives.md). Each ad carries a `creative_signaling` extension (`demo|{ad id}`),
 * which ad ID signaling passes on as `custom_vast_data` (docs/mediatailor-compat.md §6.7); an
 * overlay opportunity gets a NonLinear ad (§6.9).
 * Pure: the caller passes the base URL and the catalog.
 */

export interface DemoAd {
  readonly key: string;
  readonly durationSec: number;
  readonly playlistUrl: string;
  /** The ad's DASH MPD, offered as a second streaming MediaFile when there is one. */
  readonly mpdUrl?: string;
  readonly width: number;
  readonly height: number;
  readonly bandwidth: number;
}

export interface VastRequest {
  readonly baseUrl: string;
  /** Which beacon endpoint the ads report to: the sink (default), or one that is slow, fails, or fails once. */
  readonly beaconMode?: 'hit' | 'slow' | 'fail' | 'flaky';
  /** Offer only a progressive MP4 (not packaged anywhere): the "no usable creative" case. */
  readonly progressiveOnly?: boolean;
  /** Where the progressive MP4s are (`{base}/{ad key}.mp4`); default an unreachable host. */
  readonly progressiveBaseUrl?: string;
  readonly durationSec: number;
  readonly sessionId: string;
  readonly availIndex: string;
  readonly ads: readonly DemoAd[];
}

const TRACKING_EVENTS = ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'pause', 'resume', 'mute', 'unmute'] as const;

/** Picks ads that fill `durationSec` (largest first, rotating by avail so breaks differ). */
export function pickPod(ads: readonly DemoAd[], durationSec: number, rotate: number): DemoAd[] {
  const sorted = [...ads].sort((a, b) => b.durationSec - a.durationSec);
  const pod: DemoAd[] = [];
  let left = durationSec;
  for (let i = 0; i < sorted.length * 3 && left > 0; i++) {
    const ad = sorted[(i + rotate) % sorted.length];
    if (ad && ad.durationSec <= left + 0.01) {
      pod.push(ad);
      left -= ad.durationSec;
    }
  }
  return pod;
}

export function vastPod(req: VastRequest): string {
  const rotate = Number.parseInt(req.availIndex, 10) || 0;
  const pod = pickPod(req.ads, req.durationSec, rotate);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<VAST version="4.2">\n${pod.map((ad, i) => inlineAd(req, ad, i + 1)).join('\n')}\n</VAST>\n`;
}

function inlineAd(req: VastRequest, ad: DemoAd, sequence: number): string {
  const id = `${ad.key}-${req.availIndex}-${sequence}`;
  const beacon = (event: string): string => xml(`${req.baseUrl}/demo/beacons/${req.beaconMode ?? 'hit'}?sid=${enc(req.sessionId)}&avail=${enc(req.availIndex)}&ad=${enc(id)}&event=${event}`);
  const tracking = TRACKING_EVENTS.map((e) => `          <Tracking event="${e}"><![CDATA[${beacon(e)}]]></Tracking>`).join('\n');
  return `  <Ad id="${id}" sequence="${sequence}">
    <InLine>
      <AdSystem version="1.0">edge-ssai demo</AdSystem>
      <AdTitle>Demo ad ${ad.key}</AdTitle>
      <Impression id="demo"><![CDATA[${beacon('impression')}]]></Impression>
      <Error><![CDATA[${beacon('error')}&code=[ERRORCODE]]]></Error>
      <Creatives>
        <Creative id="${req.progressiveBaseUrl ? `${ad.key}-progressive` : req.progressiveOnly ? `${ad.key}-mp4` : ad.key}" sequence="1" adId="${ad.key}">
          <UniversalAdId idRegistry="edge-ssai-demo">${ad.key}</UniversalAdId>
          <Linear>
            <Duration>${hms(ad.durationSec)}</Duration>
            <TrackingEvents>
${tracking}
            </TrackingEvents>
            <VideoClicks>
              <ClickThrough><![CDATA[${xml(req.baseUrl)}/demo/]]></ClickThrough>
              <ClickTracking><![CDATA[${beacon('clickTracking')}]]></ClickTracking>
            </VideoClicks>
            <MediaFiles>
              ${
                req.progressiveOnly
                  ? `<MediaFile delivery="progressive" type="video/mp4" width="${req.progressiveBaseUrl ? ad.width : 1280}" height="${req.progressiveBaseUrl ? ad.height : 720}" bitrate="${req.progressiveBaseUrl ? Math.round(ad.bandwidth / 1000) : 2000}"><![CDATA[${xml(req.progressiveBaseUrl ?? 'https://media.example.invalid')}/${ad.key}.mp4]]></MediaFile>`
                  : streamingMediaFiles(ad)
              }
            </MediaFiles>
          </Linear>
        </Creative>
      </Creatives>
      <Extensions>
        <Extension type="creative_signaling"><![CDATA[demo|${xml(id)}]]></Extension>
      </Extensions>
    </InLine>
  </Ad>`;
}

/** The ad's streaming MediaFiles: HLS, then DASH (each session uses the one of its format). */
function streamingMediaFiles(ad: DemoAd): string {
  const attrs = `width="${ad.width}" height="${ad.height}" bitrate="${Math.round(ad.bandwidth / 1000)}"`;
  const hls = `<MediaFile delivery="streaming" type="application/x-mpegURL" ${attrs}><![CDATA[${xml(ad.playlistUrl)}]]></MediaFile>`;
  return ad.mpdUrl ? `${hls}\n              <MediaFile delivery="streaming" type="application/dash+xml" ${attrs}><![CDATA[${xml(ad.mpdUrl)}]]></MediaFile>` : hls;
}

/**
 * An overlay (non-linear) ad for an overlay placement opportunity (SCTE-35 segmentation type
 * 0x38): one NonLinear creative with a click-through, and its impression, creativeView and close
 * beacons at the sink. No media: the player renders it. Its StaticResource is a `text/js_ref`
 * JSON document (`/demo/overlay.json`, {@link overlayAppsJson}) naming the image, as in
 * MediaTailor's overlay example ("Tracking overlay ads with client-side metadata"), which is what
 * Shaka Player's MediaTailor ad manager fetches and renders.
 */
export function vastOverlay(req: Pick<VastRequest, 'baseUrl' | 'sessionId' | 'availIndex'>, durationSec: number): string {
  const id = `overlay-${req.availIndex}`;
  const beacon = (event: string): string => xml(`${req.baseUrl}/demo/beacons/hit?sid=${enc(req.sessionId)}&avail=${enc(req.availIndex)}&ad=${enc(id)}&event=${event}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<VAST version="4.2">
  <Ad id="${id}">
    <InLine>
      <AdSystem version="1.0">edge-ssai demo</AdSystem>
      <AdTitle>Demo overlay</AdTitle>
      <Impression id="demo"><![CDATA[${beacon('impression')}]]></Impression>
      <Creatives>
        <Creative id="demo-overlay" sequence="1">
          <NonLinearAds>
            <NonLinear id="lower-third" width="640" height="90" scalable="true" maintainAspectRatio="true" minSuggestedDuration="${hms(durationSec)}">
              <StaticResource creativeType="text/js_ref"><![CDATA[${xml(req.baseUrl)}/demo/overlay.json]]></StaticResource>
              <NonLinearClickThrough><![CDATA[${xml(req.baseUrl)}/demo/]]></NonLinearClickThrough>
              <NonLinearClickTracking><![CDATA[${beacon('clickTracking')}]]></NonLinearClickTracking>
            </NonLinear>
            <TrackingEvents>
              <Tracking event="creativeView"><![CDATA[${beacon('creativeView')}]]></Tracking>
              <Tracking event="close"><![CDATA[${beacon('close')}]]></Tracking>
            </TrackingEvents>
          </NonLinearAds>
        </Creative>
      </Creatives>
    </InLine>
  </Ad>
</VAST>
`;
}

/** VMAP 1.0 with a pre-roll, a mid-roll at `midrollSec` and a post-roll, each an inline VAST pod. */
export function vmapDocument(req: Omit<VastRequest, 'durationSec' | 'availIndex'>, midrollSec: number): string {
  const brk = (id: string, offset: string, durationSec: number, index: number): string => `  <vmap:AdBreak timeOffset="${offset}" breakType="linear" breakId="${id}">
    <vmap:AdSource id="${id}-source" allowMultipleAds="true" followRedirects="true">
      <vmap:VASTAdData>
${vastPod({ ...req, durationSec, availIndex: String(index) }).replace(/^<\?xml[^>]*>\n/, '')}
      </vmap:VASTAdData>
    </vmap:AdSource>
  </vmap:AdBreak>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
${brk('preroll', 'start', 10, 0)}
${brk('midroll-1', hms(midrollSec), 24, 1)}
${brk('postroll', 'end', 10, 2)}
</vmap:VMAP>
`;
}

/** A wrapper that points at `next` (for wrapper-depth and loop demos). */
export function vastWrapper(next: string, beaconBase: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<VAST version="4.2">
  <Ad id="wrapper">
    <Wrapper followAdditionalWrappers="true">
      <AdSystem>edge-ssai demo wrapper</AdSystem>
      <VASTAdTagURI><![CDATA[${xml(next)}]]></VASTAdTagURI>
      <Impression><![CDATA[${xml(beaconBase)}&event=wrapper-impression]]></Impression>
      <Creatives><Creative><Linear><TrackingEvents><Tracking event="start"><![CDATA[${xml(beaconBase)}&event=wrapper-start]]></Tracking></TrackingEvents></Linear></Creative></Creatives>
    </Wrapper>
  </Ad>
</VAST>
`;
}

/** Where the demo overlay sits, in percent of the player's area from its top and left (a lower third). */
export const OVERLAY_PLACEHOLDER = { top: 75, left: 5 } as const;

/**
 * The overlay's `text/js_ref` document: the `apps[]` that Shaka Player's MediaTailor ad manager
 * reads (each app's `data.source[0].url` shown as an image at `placeholder.top`/`left` percent).
 */
export function overlayAppsJson(baseUrl: string): { apps: { data: { source: { url: string }[] }; placeholder: { top: number; left: number } }[] } {
  return { apps: [{ data: { source: [{ url: `${baseUrl}/demo/overlay.svg` }] }, placeholder: { ...OVERLAY_PLACEHOLDER } }] };
}

export function hms(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

const enc = encodeURIComponent;
/** CDATA cannot contain `]]>`; our URLs never do, but strip it so input can never break out. */
function xml(text: string): string {
  return text.replaceAll(']]>', '');
}
