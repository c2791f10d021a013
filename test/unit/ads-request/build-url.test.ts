/**
 * buildAdsRequestUrl: every dynamic variable of docs/mediatailor-compat.md §5, encoding, unresolved variables,
 * text that only looks like a variable, the §2.2 limits.
 */
import { describe, expect, it } from 'vitest';
import { buildAdsRequestUrl, ADS_URL_MAX_CHARS } from '../../../src/core/ads-request/build-url.ts';
import { classifyAvailSignal, decodeScte35 } from '../../../src/core/scte35/index.ts';
import type { AdsVariables } from '../../../src/core/ads-request/variables.ts';

const FULL: AdsVariables = {
  sessionId: '1234567',
  sessionUuid: 'e039fd39-09f0-46b2-aca9-9871cc116cde',
  clientIp: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux) Player/1.0',
  referer: 'https://www.example.com/watch?v=1&t=2',
  acceptLanguage: 'en-US,en;q=0.9',
  availDurationMs: 29_500,
  availIndex: 3,
  availRandom: 9_876_543_210,
  availSourceContentTimeEpochMs: 1_700_000_000_123,
  scte: {
    event_id: 1234567890,
    avail_num: 1,
    avails_expected: 2,
    unique_program_id: 49152,
    segmentation_type_id: 52,
    segment_num: 0,
    segments_expected: 0,
    sub_segment_num: 1,
    sub_segments_expected: 4,
    archive_allowed_flag: true,
    delivery_not_restricted_flag: false,
    device_restrictions: 3,
    no_regional_blackout_flag: true,
    segmentation_upid: '0x0100',
    'segmentation_upid.assetId': 'my_program',
    'segmentation_upid.cueData.key': 'pb',
    'segmentation_upid.cueData.value': '123456',
    'segmentation_upid.private_data': ['3213214', '2313321/5', '3943'],
  },
  playerParams: { DeviceType: 'ipad', uid: 'a b&c' },
  assetParams: { CAID: '0x0000000020FB6501', GENRE: 'CV' },
};

function build(template: string, vars: AdsVariables = FULL) {
  return buildAdsRequestUrl(template, vars);
}

describe('session and avail variables', () => {
  it.each([
    ['[session.id]', '1234567'],
    ['[session.uuid]', 'e039fd39-09f0-46b2-aca9-9871cc116cde'],
    ['[session.client_ip]', '203.0.113.7'],
    ['[session.user_agent]', 'Mozilla%2F5.0%20(X11%3B%20Linux)%20Player%2F1.0'],
    ['[session.referer]', 'https%3A%2F%2Fwww.example.com%2Fwatch%3Fv%3D1%26t%3D2'],
    ['[session.accept_language]', 'en-US%2Cen%3Bq%3D0.9'],
    ['[session.avail_duration_ms]', '29500'],
    ['[session.avail_duration_secs]', '30'],
    ['[avail.index]', '3'],
    ['[avail.random]', '9876543210'],
    ['[avail.source_content_time_epoch_ms]', '1700000000123'],
  ])('%s', (variable, expected) => {
    expect(build(`https://ads.example/v?x=${variable}`)).toEqual({ ok: true, url: `https://ads.example/v?x=${expected}`, unresolved: [] });
  });

  it('avail_duration_secs rounds to the nearest second', () => {
    expect(build('https://a.example/?d=[session.avail_duration_secs]', { availDurationMs: 14_499 }).url).toBe('https://a.example/?d=14');
  });
});

describe('scte variables', () => {
  it.each([
    ['[scte.event_id]', '1234567890'],
    ['[scte.segmentation_event_id]', '1234567890'],
    ['[scte.avail_num]', '1'],
    ['[scte.avails_expected]', '2'],
    ['[scte.unique_program_id]', '49152'],
    ['[scte.segmentation_type_id]', '52'],
    ['[scte.segment_num]', '0'],
    ['[scte.segments_expected]', '0'],
    ['[scte.sub_segment_num]', '1'],
    ['[scte.sub_segments_expected]', '4'],
    ['[scte.archive_allowed_flag]', 'true'],
    ['[scte.delivery_not_restricted_flag]', 'false'],
    ['[scte.device_restrictions]', '3'],
    ['[scte.no_regional_blackout_flag]', 'true'],
    ['[scte.segmentation_upid]', '0x0100'],
    ['[scte.segmentation_upid.assetId]', 'my_program'],
    ['[scte.segmentation_upid.cueData.key]', 'pb'],
    ['[scte.segmentation_upid.cueData.value]', '123456'],
  ])('%s', (variable, expected) => {
    expect(build(`https://ads.example/v?x=${variable}`).url).toBe(`https://ads.example/v?x=${expected}`);
  });

  it('private_data tokens by index; one past the end is unresolved (MediaTailor example)', () => {
    const r = build(
      'https://ads.example/v?a=[scte.segmentation_upid.private_data.0]&b=[scte.segmentation_upid.private_data.1]&c=[scte.segmentation_upid.private_data.2]&d=[scte.segmentation_upid.private_data.3]',
    );
    expect(r.url).toBe('https://ads.example/v?a=3213214&b=2313321%2F5&c=3943&d=');
    expect(r.unresolved).toEqual(['scte.segmentation_upid.private_data.3']);
  });

  it('a field missing from the SCTE message is unresolved, except unique_program_id (empty off splice_insert)', () => {
    const r = build('https://a.example/?k=[scte.segmentation_upid.cueData.key]&u=[scte.unique_program_id]', { scte: { event_id: 1 } });
    expect(r).toEqual({ ok: true, url: 'https://a.example/?k=&u=', unresolved: ['scte.segmentation_upid.cueData.key'] });
    expect(build('https://a.example/?u=[scte.unique_program_id]', {}).unresolved).toEqual(['scte.unique_program_id']);
  });

  it('end to end from a binary SCTE-35 cue (MediaTailor knowledge-center MPU sample) through core/scte35', () => {
    const section = decodeScte35('/DBlAAAAAAAAAP/wFAUAFlNif+//5KMqQ/4AUmXAAAAAAAA9AAhDVUVJAAAAAAIxQ1VFSQAWU2J/wAAAUmXADB15aml0OjQ2MTc1MjE4OjQ2MTc1MjE4LzU6NDA1MwAAAAAAAIu9c38=');
    if (!section.ok) throw new Error('sample did not decode');
    const scte = classifyAvailSignal(section.section).ads;
    const r = build('https://ads.example/v?e=[scte.event_id]&s0=[scte.segmentation_upid.private_data.0]&s1=[scte.segmentation_upid.private_data.1]', { scte });
    expect(r.url).toBe('https://ads.example/v?e=1463138&s0=46175218&s1=46175218%2F5');
    expect(r.unresolved).toEqual([]);
  });
});

describe('player_params and asset', () => {
  it('player_params keys are case-insensitive; values encoded', () => {
    expect(build('https://a.example/?d=[player_params.devicetype]&u=[player_params.UID]').url).toBe('https://a.example/?d=ipad&u=a%20b%26c');
  });

  it('asset keys: exact, then any case', () => {
    expect(build('https://a.example/?c=[asset.CAID]&g=[asset.genre]').url).toBe('https://a.example/?c=0x0000000020FB6501&g=CV');
  });

  it('a player param value beyond 25,000 characters is not used', () => {
    const r = build('https://a.example/?p=[player_params.big]', { playerParams: { big: 'x'.repeat(25_001) } });
    expect(r).toMatchObject({ ok: true, url: 'https://a.example/?p=', unresolved: ['player_params.big'] });
  });
});

describe('unresolved and non-variables', () => {
  it('unknown or missing variables are emptied and listed once, in order', () => {
    const r = build('https://a.example/?a=[session.nope]&b=[player_params.missing]&c=[session.referer]&d=[session.nope]', {});
    expect(r).toEqual({
      ok: true,
      url: 'https://a.example/?a=&b=&c=&d=',
      unresolved: ['session.nope', 'player_params.missing', 'session.referer'],
    });
  });

  it('null referer (no header) is empty without a warning', () => {
    expect(build('https://a.example/?r=[session.referer]', { referer: null }).unresolved).toEqual([]);
  });

  it('bracketed text that is no variable stays, as does everything outside variables', () => {
    const template = 'https://a.example/p[1]/x?arr[]=1&m=[CACHEBUSTING]&n=[foo.bar]&s=[session.id&t=[[session.id]]&u=[session id]';
    expect(build(template).url).toBe('https://a.example/p[1]/x?arr[]=1&m=[CACHEBUSTING]&n=[foo.bar]&s=[session.id&t=[1234567]&u=[session id]');
  });

  it('variables concatenate and may sit in the path', () => {
    expect(build('https://a.example/[session.id]/[avail.index]-[avail.random].xml').url).toBe('https://a.example/1234567/3-9876543210.xml');
  });

  it('non-finite numbers are unresolved; lone surrogates do not throw', () => {
    const r = build('https://a.example/?a=[avail.index]&u=[session.user_agent]', { availIndex: Number.NaN, userAgent: 'x\uD800y' });
    expect(r.url).toBe('https://a.example/?a=&u=x%EF%BF%BDy');
    expect(r.unresolved).toEqual(['avail.index']);
  });
});

describe('limits and URL shape (docs/mediatailor-compat.md §2.2, §5)', () => {
  it('a URL over 25,000 characters is an error value', () => {
    const r = build(`https://a.example/?u=[player_params.uid]&pad=${'p'.repeat(ADS_URL_MAX_CHARS)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'url_too_long', maxChars: 25_000, lengthChars: r.url.length });
  });

  it('exactly 25,000 characters is fine', () => {
    const base = 'https://a.example/?x=';
    expect(build(base + 'y'.repeat(ADS_URL_MAX_CHARS - base.length)).ok).toBe(true);
  });

  it.each(['not a url [session.id]', '[player_params.host]/vast', 'ftp://a.example/vast'])('%s is not a usable ADS URL', (template) => {
    const r = build(template);
    expect(r.ok === false && r.error.kind).toBe('invalid_url');
  });
});

describe('never throws', () => {
  it('on random templates and values', () => {
    let seed = 99;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pieces = ['[', ']', '[session.id]', '[scte.segmentation_upid.private_data.7]', '[player_params.', 'https://a.example/', '\uDC00', '%', '[asset.]', '[]', '..'];
    for (let i = 0; i < 2000; i++) {
      const template = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      const r = buildAdsRequestUrl(template, { ...FULL, userAgent: rand() < 0.5 ? '\uD83D' : 'ok' });
      expect(typeof r.url).toBe('string');
    }
  });
});
