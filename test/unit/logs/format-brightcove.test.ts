/**
 * Brightcove projection vs Brightcove format of docs/ad-logs.md, field by field: every field of the seed's sample entries
 * is present with the seed's JSON type, durations are integer nanoseconds, ids follow the seed's
 * rules, headers are maps of lists, span ids chain the wrapper requests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AdLogEvent, FilledAvailEvent } from '../../../src/core/logs/events.ts';
import { brightcoveAdBreakId, creativeStateOfSkip, formatBrightcove } from '../../../src/core/logs/format-brightcove.ts';
import { liveHlsSession, realisticEvents, vodDashSession } from '../../fixtures/logs/realistic-sessions.ts';

type Line = Record<string, unknown>;
const seedSamples = readFileSync(new URL('../../fixtures/logs/brightcove-seed-samples.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Line);
const sampleOf = (kind: string): Line => {
  const s = seedSamples.find((x) => x['kind'] === kind);
  if (s === undefined) throw new Error(`no seed sample ${kind}`);
  return s;
};

/** Seed sample fields with no counterpart here (docs/ad-logs.md, brightcove field mapping). */
const NOT_PRODUCED = new Set(['live_account_id', 'region']);

const lines = (events: readonly AdLogEvent[]): { raw: string; value: Line }[] => events.flatMap((e) => formatBrightcove(e)).map((raw) => ({ raw, value: JSON.parse(raw) as Line }));
const ofKind = (ls: { value: Line }[], kind: string): Line[] => ls.filter((l) => l.value['kind'] === kind).map((l) => l.value);
const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

describe('brightcove lines vs the samples of the Brightcove format (docs/ad-logs.md)', () => {
  const live = lines(liveHlsSession());
  const all = lines(realisticEvents());

  it.each(['Creative', 'AdRequest', 'SessionSummary', 'Impression'])('%s carries every seed field with the seed type', (kind) => {
    const sample = sampleOf(kind);
    const ours = ofKind(live, kind);
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) {
      for (const [field, seedValue] of Object.entries(sample)) {
        if (NOT_PRODUCED.has(field)) continue;
        // The seed's Impression sample shows flat header strings; its field table says []string.
        if (kind === 'Impression' && field === 'request_headers') continue;
        expect(line, `${kind}.${field}`).toHaveProperty(field);
        expect(jsonType(line[field]), `${kind}.${field}`).toBe(jsonType(seedValue));
      }
    }
  });

  it('writes the seed kinds only, one AdRequest per ADS exchange, one Impression per beacon attempt', () => {
    const kinds = new Set(all.map((l) => l.value['kind']));
    expect([...kinds].sort()).toEqual(['AdRequest', 'Creative', 'Impression', 'SessionSummary']);
    const events = realisticEvents();
    const exchanges = events.filter((e) => ['vast-response', 'redirected-vast-response', 'empty-vast-response', 'ads-timeout', 'ads-parse-error', 'ads-invalid-response'].includes(e.kind));
    expect(ofKind(all, 'AdRequest')).toHaveLength(exchanges.length);
    expect(ofKind(all, 'Impression')).toHaveLength(events.filter((e) => e.kind === 'beacon-fired' || e.kind === 'beacon-failed').length);
  });

  it('writes durations as integer nanoseconds', () => {
    const avail = liveHlsSession().find((e): e is FilledAvailEvent => e.kind === 'filled-avail');
    if (avail === undefined) throw new Error('fixture has no avail');
    const summary = ofKind(lines([avail]), 'SessionSummary')[0];
    expect(summary?.['odur']).toBe(avail.avail.originAvailDurationSec * 1e9);
    expect(summary?.['rdur']).toBe(avail.avail.requestedDurationSec * 1e9);
    expect(summary?.['sdur']).toBe((avail.avail.filledDurationSec + avail.avail.slateDurationSec) * 1e9);
    expect(summary?.['duration']).toBe(avail.decisionDurationMs * 1e6);
    const ads = summary?.['ads'] as { cdur: number; fk: string; type: string; imps: { type: string; url: string }[] }[];
    expect(ads.map((a) => a.cdur)).toEqual(avail.avail.creativeAds.map((c) => c.vastDurationSec * 1e9));
    for (const l of all.map((x) => x.value)) {
      for (const f of ['duration', 'odur', 'rdur', 'sdur']) if (f in l) expect(Number.isInteger(l[f]), f).toBe(true);
    }
  });

  it('lists each ad with its impressions in playback order, the VAST impression as AdStart (seed sample)', () => {
    const summary = ofKind(live, 'SessionSummary')[0];
    const ads = summary?.['ads'] as { type: string; imps: { type: string; url: string }[] }[];
    expect(ads[0]?.type).toBe('midroll');
    expect(ads[0]?.imps.map((i) => i.type)).toEqual(['AdStart', 'AdStart', 'AdStart', 'AdFirstQuartile', 'AdMidpoint', 'AdThirdQuartile', 'AdComplete']);
    expect(ads[0]?.imps[0]?.url).toContain('/imp?');
  });

  it('lists only the impression types Brightcove format of docs/ad-logs.md enumerates (AdStart, quartiles, AdComplete)', () => {
    const avail = liveHlsSession().find((e): e is FilledAvailEvent => e.kind === 'filled-avail' && e.avail.creativeAds.length > 0);
    if (!avail) throw new Error('no filled avail in the fixture');
    const first = avail.avail.creativeAds[0];
    if (!first) throw new Error('no ad');
    const extra = {
      creativeView: ['https://t.example/cv'],
      pause: ['https://t.example/p'],
      resume: ['https://t.example/r'],
      mute: ['https://t.example/m'],
      unmute: ['https://t.example/u'],
      skip: ['https://t.example/s'],
    };
    const e: FilledAvailEvent = { ...avail, avail: { ...avail.avail, creativeAds: [{ ...first, trackingEvents: { ...first.trackingEvents, ...extra } }] } };
    const summary = JSON.parse(formatBrightcove(e)[0] ?? '{}') as { ads: { imps: { type: string; url: string }[] }[] };
    const types = summary.ads[0]?.imps.map((i) => i.type);
    expect(types).toEqual(['AdStart', 'AdStart', 'AdStart', 'AdFirstQuartile', 'AdMidpoint', 'AdThirdQuartile', 'AdComplete']);
  });

  it('uses summary_id = adbreak_id-session_id for live and the session id for VOD (Brightcove format of docs/ad-logs.md)', () => {
    for (const l of live.map((x) => x.value)) {
      expect(l['summary_id']).toBe(`${String(l['adbreak_id'])}-${String(l['session_id'])}`);
      expect(l['adbreak_id']).toMatch(/^adBreak-[0-9a-f]{32}-[0-9a-f]{32}$/);
    }
    for (const l of lines(vodDashSession()).map((x) => x.value)) expect(l['summary_id']).toBe(l['session_id']);
  });

  it('gives the same ad break id to every session that sees the same avail of the same asset', () => {
    const e = liveHlsSession()[0];
    if (e === undefined) throw new Error('empty fixture');
    expect(brightcoveAdBreakId({ ...e, sessionId: 'other' })).toBe(brightcoveAdBreakId(e));
    expect(brightcoveAdBreakId({ ...e, availId: '9999' })).not.toBe(brightcoveAdBreakId(e));
  });

  it('writes headers as maps of lists, keeping repeated headers', () => {
    const req = ofKind(live, 'AdRequest')[0];
    expect(req?.['request_headers']).toEqual({
      'User-Agent': [expect.stringContaining('Mozilla/5.0')],
      'X-Forwarded-For': ['203.0.113.7'],
      'Accept-Language': ['en-US'],
    });
    expect((req?.['response_headers'] as Record<string, string[]> | undefined)?.['Set-Cookie']).toEqual(['a=1', 'b=2']);
  });

  it('writes span ids as exact 63-bit integers and chains wrapper requests (parent_span_id)', () => {
    const reqRaw = all.filter((l) => l.value['kind'] === 'AdRequest').map((l) => l.raw);
    const spans = reqRaw.map((raw) => /"span_id":(\d+)/.exec(raw)?.[1] ?? '');
    const parents = reqRaw.map((raw) => /"parent_span_id":(\d+)/.exec(raw)?.[1] ?? '');
    for (const s of spans) expect(BigInt(s) < 2n ** 63n && s !== '').toBe(true);
    // The redirected request (second) points at the top-level request (first).
    expect(parents[1]).toBe(spans[0]);
    // Creatives point at the request whose response held them.
    const creatives = all.filter((l) => l.value['kind'] === 'Creative').map((l) => /"parent_span_id":(\d+)/.exec(l.raw)?.[1]);
    expect(new Set(creatives)).toEqual(new Set([spans[1]]));
  });

  it('flags failures with error: true, and status 0 with no headers when no response came', () => {
    const vod = ofKind(lines(vodDashSession()), 'AdRequest');
    expect(vod.map((l) => [l['error'], l['status_code'], l['provider']])).toEqual([
      [false, 200, 'vast_4'],
      [true, 200, 'vast'],
      [true, 503, 'vast'],
    ]);
    const timeout = ofKind(live, 'AdRequest').find((l) => l['error'] === true);
    expect(timeout?.['status_code']).toBe(0);
    expect(timeout?.['response_headers']).toEqual({});
    const failedBeacon = ofKind(live, 'Impression').filter((l) => l['error'] === true);
    expect(failedBeacon.map((l) => [l['impression_type'], l['status_code']])).toEqual([['AdMidpoint', 503]]);
  });

  it('maps skip reasons to the seed Creative states', () => {
    const skip = { creativeUniqueId: 'c', adMezzanineUrl: 'https://x/y.mp4', vastDurationSec: 1 };
    expect(creativeStateOfSkip({ ...skip, skippedReason: 'MEDIA_FILE_UNAVAILABLE' })).toBe('missing_url');
    expect(creativeStateOfSkip({ ...skip, skippedReason: 'NO_VARIANT_MATCH' })).toBe('rendition_mismatch');
    expect(creativeStateOfSkip({ ...skip, skippedReason: 'TRANSCODE_ERROR' })).toBe('internal_error');
    expect(creativeStateOfSkip({ ...skip, skippedReason: 'AVAIL_DURATION_EXCEEDED' })).toBe('active');
    expect(creativeStateOfSkip({ ...skip, creativeUniqueId: '', skippedReason: 'AVAIL_DURATION_EXCEEDED' })).toBe('missing_fk');
  });

  it('writes RFC 3339 UTC timestamps', () => {
    for (const l of all.map((x) => x.value)) expect(l['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
