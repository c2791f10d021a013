/**
 * Ad ID signaling in DASH sessions (core/session/dash-ad-signals, core/dash/period-events;
 * MediaTailor "Manifests and ad metadata insertion"): a session with `adSignaling` gets, in each ad
 * period, an EventStream of scheme urn:sva:advertising-wg:ad-id-signaling whose one Event spans the
 * period and carries the payload (ad_position = Period@id, creative_id = Creative@id,
 * custom_vast_data from the creative_signaling extension, tracking_uri relative to the MPD);
 * none on slate or bumper periods, none without the feature; the Event is where schemas and
 * players look for it (before the AdaptationSets) and its text reads the same in any XML reader.
 */
import { describe, expect, it } from 'vitest';
import { attr, childElements, parseMpd, textContent, type XElement } from '../../../src/core/dash/index.ts';
import { recordAvailDecision } from '../../../src/core/session/decisions.ts';
import type { SessionRecord } from '../../../src/core/session/session-record.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { putCreative } from '../../../src/core/session/state.ts';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, SID, dashRecord, demoDashClip, demoDashCreative } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';
const SCHEME = 'urn:sva:advertising-wg:ad-id-signaling';

function signaling(r: SessionRecord = dashRecord()): SessionRecord {
  return { ...r, params: { ...r.params, features: { adSignaling: true } } };
}
interface Signal { period: string; start: number; pto?: string; presentationTime?: string; duration?: string; id?: string; payload: { version: number; identifiers: Record<string, unknown>[] }; afterSets: boolean }
function signals(text: string): Signal[] {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  const out: Signal[] = [];
  childElements(r.value.doc.root, 'Period').forEach((p: XElement, i) => {
    for (const s of childElements(p, 'EventStream').filter((x) => attr(x, 'schemeIdUri') === SCHEME)) {
      const e = childElements(s, 'Event');
      expect(e).toHaveLength(1);
      const ev = e[0] as XElement;
      const kids = p.children.filter((c): c is XElement => c.kind === 'element');
      out.push({
        period: attr(p, 'id') ?? '', start: r.value.periods[i]?.startSec ?? -1,
        pto: attr(s, 'presentationTimeOffset'), presentationTime: attr(ev, 'presentationTime'), duration: attr(ev, 'duration'), id: attr(ev, 'id'),
        payload: JSON.parse(textContent(ev)) as Signal['payload'],
        afterSets: kids.indexOf(s) > kids.findIndex((k) => k.name === 'AdaptationSet'),
      });
    }
  });
  return out;
}

describe('DASH ad ID signaling', () => {
  it('VOD: one Event per ad period, at its start, with the payload naming the period and the creative', () => {
    const s = new DashSession(signaling(), () => ['ad-10s', 'ad-14s'], undefined, { start: demoDashClip('bumper-in', 4) });
    const text = s.serve(dashVodMpd(ROOT));
    const got = signals(text);
    // Three insertion points, two ads each; the bumper periods (`_1`) carry none.
    expect(got.map((x) => x.period)).toEqual(['vod-1_2', 'vod-1_3', 'vod-2_2', 'vod-2_3', 'vod-3_2', 'vod-3_3']);
    const first = got[0] as Signal;
    expect(first).toMatchObject({ start: 4, pto: String(4 * 90_000), presentationTime: String(4 * 90_000), duration: String(10 * 90_000), id: '1', afterSets: false });
    expect(got[1]).toMatchObject({ id: '2', presentationTime: String(14 * 90_000) });
    expect(first.payload).toEqual({
      version: 1,
      identifiers: [{
        scheme: 'urn:smpte:ul:060E2B34.01040101.01200900.00000000', value: 'ad-10s-1', ad_position: 'vod-1_2', ad_type: 'avail', creative_id: 'ad-10s-1',
        // The MPD is /v1/dash/acct/cfg/live/index.mpd: five folders up to the root.
        tracking_uri: `../../../../../v1/tracking/acct/cfg/${SID}`, custom_vast_data: null,
      }],
    });
    // The Event's presentation time is the tracking API's eventId of the ad.
    const t = sessionTracking(s.state, 0, null);
    expect(t.ok && t.value.avails[0]?.ads[0]?.trackingEvents[0]?.eventId).toBe(first.presentationTime);
    // The same MPD on a reload.
    expect(s.serve(dashVodMpd(ROOT))).toBe(text);
  });

  it('live: ad periods signalled, slate not; none for a session without the feature', () => {
    const at = DASH_LIVE.epochMs + (401 * 30 + 31) * 1000;
    const on = new DashSession(signaling(), () => ['ad-10s'], 'slate');
    expect(signals(on.serve(dashLiveMpd(ROOT, at))).map((x) => [x.period, x.start])).toEqual([['live-401_1', 401 * 30]]);
    const off = new DashSession(dashRecord(), () => ['ad-10s'], 'slate');
    expect(off.serve(dashLiveMpd(ROOT, at))).not.toContain(SCHEME);
  });

  it('custom_vast_data is the creative_signaling extension, kept whole whatever XML characters it holds; an ad without Creative@id gets ""', () => {
    const media = demoDashCreative('ad-10s');
    const vast = parseVast(`<VAST version="4.2"><Ad id="x"><InLine><AdSystem>t</AdSystem><AdTitle>x</AdTitle><Impression>https://t.example/i</Impression>
      <Creatives><Creative><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/dash+xml">https://ads.example/ad-10s/manifest.mpd</MediaFile></MediaFiles></Linear></Creative></Creatives>
      <Extensions><Extension type="creative_signaling">999|a]]&gt;b&lt;c</Extension></Extensions></InLine></Ad></VAST>`);
    const ad = vast.ok ? vast.document.ads[0] : undefined;
    if (ad?.kind !== 'inline') throw new Error('VAST');
    // Each decision is recorded here, with that ad.
    const s = new DashSession(signaling(), (a, state) => {
      putCreative(state, media);
      recordAvailDecision(state, a, {
        trace: { adsRequestUrl: 'u', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 0 },
        candidates: [{ ad, wrapperDepth: 0, vastDurationSec: 10, creative: { creativeKey: media.creativeKey, source: media.source, sourceUrl: media.sourceUrl, refDurationsSec: media.refDurationsSec } }],
        breakTracking: {},
      }, 0);
      return 'hold';
    });
    const text = s.serve(dashVodMpd(ROOT));
    // `<`, `>` and `&` are JSON escapes in the Event's text: nothing for an XML reader to decode.
    expect(text).toContain('"custom_vast_data":"999|a]]\\u003eb\\u003cc"');
    const got = signals(text);
    expect(got).toHaveLength(3);
    expect(got[0]?.payload.identifiers[0]).toMatchObject({ creative_id: '', value: '', custom_vast_data: '999|a]]>b<c' });
  });
});
