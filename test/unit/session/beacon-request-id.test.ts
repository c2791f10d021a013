/**
 * Beacon log lines carry the id of the `/v1/segment` request that claimed them (issue 9 item 13),
 * through failed attempts and retries; events claimed by one request share its id.
 */
import { describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { CoreSession, testRecord, vodPlaylist } from '../../helpers/core-session.ts';
import { scriptedAdServer } from '../../helpers/scripted-ad-server.ts';

const ad = (id: string): string =>
  `<Ad id="${id}" sequence="1"><InLine><AdSystem>t</AdSystem><AdTitle>${id}</AdTitle><Impression><![CDATA[https://t.example/imp?ad=${id}]]></Impression><Creatives><Creative id="c-${id}"><Linear><Duration>00:00:10</Duration>` +
  `<TrackingEvents>${['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'].map((e) => `<Tracking event="${e}"><![CDATA[https://t.example/${e}?ad=${id}]]></Tracking>`).join('')}</TrackingEvents>` +
  `<MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360"><![CDATA[https://cdn.example/${id}/m.m3u8]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>`;

describe('beacon log request ids', () => {
  it('are the claiming segment request ids, kept across retries', async () => {
    const server = scriptedAdServer({ 'https://ads.example/vast': `<VAST version="4.2">${ad('a')}</VAST>` });
    const s = new CoreSession(testRecord('https://ads.example/vast'), server);
    const text = await s.media(vodPlaylist(30, [0]));
    const seqs = CoreSession.adSegmentSeqs(text);
    expect(seqs).toHaveLength(5);
    seqs.forEach((seq, i) => s.segment(seq, `segment-request-${i}`));
    // Every first attempt fails with 503; the retries succeed.
    s.sendBeacons(() => ({ kind: 'response', status: 503 }));
    s.sendBeacons();
    const beaconEvents = s.events.filter((e): e is Extract<AdLogEvent, { kind: 'beacon-fired' | 'beacon-failed' }> => e.kind === 'beacon-fired' || e.kind === 'beacon-failed');
    expect(beaconEvents).toHaveLength(12);
    for (const e of beaconEvents) {
      const claimed = [...s.claimedBy.entries()].find(([id]) => id.startsWith(`${e.availId}/${e.beacon.adIndex}/${e.beacon.trackingEvent}#`))?.[1];
      expect(e.requestId).toBe(claimed);
    }
    const byEvent = new Map(beaconEvents.map((e) => [e.beacon.trackingEvent, e.requestId]));
    // impression and start are due on the first segment, complete on the last.
    expect(byEvent.get('impression')).toBe('segment-request-0');
    expect(byEvent.get('start')).toBe('segment-request-0');
    expect(byEvent.get('complete')).toBe('segment-request-4');
  });
});
