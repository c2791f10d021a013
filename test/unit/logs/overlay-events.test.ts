/**
 * Overlay avails in the ad logs (docs/mediatailor-compat.md §6.9, docs/ad-logs.md): MediaTailor's
 * FILLED_OVERLAY_AVAIL with the NonLinear ads offered, ERROR_VAST_MISSING_OVERLAYS (written as the
 * seed's ERROR_UNKNOWN, its description starting with the type) when none came; no Brightcove or
 * Uplynk line of their own (neither format has overlays), so the three formats still count the
 * same ad requests and avails; `ExcludeEventTypes` drops either by MediaTailor's name.
 */
import { describe, expect, it } from 'vitest';
import { decisionEvents } from '../../../src/core/avails/decision-log.ts';
import { overlayPlan } from '../../../src/core/avails/overlays.ts';
import { formatBrightcove } from '../../../src/core/logs/format-brightcove.ts';
import { formatMediaTailor } from '../../../src/core/logs/format-mediatailor.ts';
import { formatUplynk } from '../../../src/core/logs/format-uplynk.ts';
import { resolveAdLogSettings, type AdLogFormat } from '../../../src/core/logs/log-config.ts';
import { projectAdLogEvents } from '../../../src/core/logs/project.ts';
import { addLine, createReport, summarize } from '../../../src/core/logs/report.ts';
import { liveOverlaySession } from '../../fixtures/logs/realistic-sessions.ts';
import { decisionFor, NONLINEAR_VAST } from '../../helpers/overlay-decisions.ts';

const events = liveOverlaySession();

function mediatailorLines(exclude: string[] = []): Record<string, unknown>[] {
  const s = resolveAdLogSettings({ AdLogFormats: ['mediatailor'], AdsInteractionLog: { ExcludeEventTypes: exclude } });
  if (!s.ok) throw new Error(s.error);
  return projectAdLogEvents(events, s.value).flatMap((g) => g.lines.map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('overlay avails in the ad logs', () => {
  it('FILLED_OVERLAY_AVAIL: the avail (nothing filled, numAds = NonLinear ads offered) and the offer as vastResponse.nonLinearAdsList', () => {
    const line = mediatailorLines().find((l) => l['eventType'] === 'FILLED_OVERLAY_AVAIL');
    expect(line).toMatchObject({
      sessionType: 'DASH',
      eventDescription: 'Filled overlay avail: 1 non-linear ad offered through the tracking API',
      avail: { availId: 'live-2_3000', originAvailDuration: 10, filledDuration: 0, fillRate: 0, creativeAds: [], numAds: 1, slateAd: null, skippedAds: [] },
      vastResponse: { version: '4.2', vastAds: [], errors: [], nonLinearAdsList: [{ nonLinearAdList: [{ adId: 'overlay-1', creativeId: 'lower-third' }] }] },
    });
  });

  it('ERROR_VAST_MISSING_OVERLAYS is an ERROR_UNKNOWN line naming the type and why', () => {
    const line = mediatailorLines().find((l) => String(l['eventDescription']).startsWith('ERROR_VAST_MISSING_OVERLAYS'));
    expect(line).toMatchObject({ eventType: 'ERROR_UNKNOWN', eventDescription: 'ERROR_VAST_MISSING_OVERLAYS no non-linear creative: empty VAST response' });
  });

  it('ExcludeEventTypes drops either by its MediaTailor name', () => {
    const types = (ls: Record<string, unknown>[]) => ls.map((l) => l['eventType']);
    expect(types(mediatailorLines(['FILLED_OVERLAY_AVAIL']))).not.toContain('FILLED_OVERLAY_AVAIL');
    expect(types(mediatailorLines(['ERROR_VAST_MISSING_OVERLAYS']))).not.toContain('ERROR_UNKNOWN');
    expect(mediatailorLines()).toHaveLength(6);
  });

  it('Brightcove and Uplynk write no line for them; the three formats count the same requests and no avail', () => {
    for (const e of events.filter((x) => x.kind === 'filled-overlay-avail' || x.kind === 'overlay-missing')) {
      expect(formatBrightcove(e)).toEqual([]);
      expect(formatUplynk(e)).toEqual([]);
      expect(formatMediaTailor(e)).toHaveLength(1);
    }
    const summaryOf = (format: AdLogFormat) => {
      const s = resolveAdLogSettings({ AdLogFormats: [format] });
      if (!s.ok) throw new Error(s.error);
      const r = createReport();
      for (const g of projectAdLogEvents(events, s.value)) for (const l of g.lines) addLine(r, l);
      return summarize(r)[0];
    };
    for (const format of ['mediatailor', 'brightcove', 'uplynk'] as const) expect(summaryOf(format), format).toMatchObject({ adRequests: 2, successfulAdRequests: 2, avails: 0 });
    expect(new Map(summaryOf('mediatailor')?.failures)).toEqual(new Map([['ERROR_UNKNOWN:ERROR_VAST_MISSING_OVERLAYS', 1]]));
  });

  it('a decision logs FILLED_OVERLAY_AVAIL after its exchange, or ERROR_VAST_MISSING_OVERLAYS with the reason', async () => {
    let n = 0;
    const newId = () => `id-${++n}`;
    const input = (body: string, d: Awaited<ReturnType<typeof decisionFor>>) => ({
      base: { sessionId: 's', sessionType: 'HLS' as const, configName: 'c', accountId: 'a', requestId: 'r', assetId: 'x', playbackMode: 'live' as const },
      availId: '105',
      podLocation: 'midroll' as const,
      adRequestIndex: 0,
      adsRequestUrl: 'https://ads.example/vast',
      unresolvedVariables: [],
      requestHeaders: {},
      ...(d.trace.resolution ? { resolution: d.trace.resolution } : {}),
      plan: overlayPlan({ breakKey: 'o105', availIndex: 1, signalledDurationSec: 10, offer: d.offer, breakTracking: {}, nowMs: 0, ...(body === '' ? { reason: 'empty VAST response' } : {}) }),
      startedAtMs: 1,
      finishedAtMs: 2,
      clientOnlyTracking: true,
      overlay: true,
      newId,
    });
    const filled = decisionEvents(input('x', await decisionFor(NONLINEAR_VAST)));
    expect(filled.map((e) => e.kind)).toEqual(['ads-request', 'vast-response', 'filled-overlay-avail']);
    expect(filled[2]).toMatchObject({ availId: '105', originAvailDurationSec: 10, vastVersion: '4.2', nonLinearAdsList: [{ nonLinearAdList: [{ adId: 'ov-1' }] }] });
    const missing = decisionEvents(input('', await decisionFor('<VAST version="4.2"/>')));
    expect(missing.map((e) => e.kind)).toEqual(['ads-request', 'empty-vast-response', 'overlay-missing']);
    expect(missing[2]).toMatchObject({ message: 'empty VAST response' });
  });
});
