/**
 * The DASH side of test/helpers/core-session: a DASH session driven through the pure session
 * rules (openDashMedia → decisions from the scripted ad server → finishDashMedia) and its
 * `/v1/dashsegment` requests, with the demo's DASH creatives (each ad gets one of the demo ads, by
 * its position in the session), collecting every ad-log event like the HLS session does.
 */
import type { Candidate } from '../../src/core/avails/plan.ts';
import { finishDashMedia, openDashMedia } from '../../src/core/session/dash-media.ts';
import { dashAdSegment } from '../../src/core/session/dash-segment.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { putCreative } from '../../src/core/session/state.ts';
import type { ResolvedAd } from '../../src/core/vast/index.ts';
import { dashCatalog } from '../../demo/dash-catalog.ts';
import { CoreSession } from './core-session.ts';
import { demoDashCreative } from './dash-session.ts';
import { mpdMeaning } from './mpd-meaning.ts';
import type { ScriptedAdServer } from './scripted-ad-server.ts';

export class CoreDashSession extends CoreSession {
  #ads = 0;

  constructor(record: SessionRecord, server: ScriptedAdServer) {
    super({ ...record, sessionType: 'DASH', assetPath: 'dash/vod/index.mpd', originUrl: 'https://origin.example/dash/vod/index.mpd' }, server);
  }

  /** One MPD request: the decisions it asks for run to the end before it is finished. */
  async mpd(originText: string): Promise<string> {
    const opened = openDashMedia(this.state, { originText, originUrl: this.state.record.originUrl, random: () => 0.5 });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const vodSchedule = await this.answer(opened.value.effects);
    const done = finishDashMedia(this.state, opened.value.opened, { nowMs: this.nowMs, newId: this.newId, ...(vodSchedule ? { vodSchedule } : {}) });
    this.run(done.effects);
    return done.text;
  }

  /** The `/v1/dashsegment` URLs of the segments of one video Representation per Period of a stitched MPD, in play order. */
  static adSegmentUrls(text: string, manifestUri: string): string[] {
    const periods = new Set<number>();
    const video = mpdMeaning(text, manifestUri).filter((r) => r.mimeType.startsWith('video') && !periods.has(r.periodStart) && periods.add(r.periodStart));
    return video.flatMap((r) => r.segments.map((s) => s.url)).filter((u) => u.includes('/v1/dashsegment/'));
  }

  /** `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/{path}` with request id `requestId`. */
  dashSegment(url: string, requestId: string): string {
    const [availId = '', periodId = '', ...rest] = new URL(url).pathname.split('/').slice(6);
    const r = dashAdSegment(this.state, {
      availId: decodeURIComponent(availId),
      periodId: decodeURIComponent(periodId),
      path: rest.join('/'),
      client: this.state.record.client,
      probe: false,
      nowMs: this.nowMs,
      cacheBusting: '12345678',
      requestId,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    this.run(r.value.effects);
    return r.value.url;
  }

  /** Each ad plays one of the demo's DASH ads, in turn. */
  protected override candidate(a: ResolvedAd): Candidate {
    const ads = dashCatalog().ads;
    const media = demoDashCreative(ads[this.#ads++ % ads.length]?.key ?? '');
    putCreative(this.state, media);
    return {
      ad: a.ad,
      ...(a.sequence !== undefined ? { sequence: a.sequence } : {}),
      wrapperDepth: a.depth,
      vastDurationSec: media.durationSec,
      creative: { creativeKey: media.creativeKey, source: media.source, sourceUrl: media.sourceUrl, refDurationsSec: media.refDurationsSec },
    };
  }
}
