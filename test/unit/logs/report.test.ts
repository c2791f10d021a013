/**
 * Report metrics (seed 003: ad requests, beacons per type, ad delivery rate; plus fill rate and
 * failures) over each format's projection of the same sessions. Expected values are computed
 * from the events, not written down, and the formats must agree where they carry the same facts.
 */
import { describe, expect, it } from 'vitest';
import { isAdsExchangeEvent, type AdLogEvent } from '../../../src/core/logs/events.ts';
import { resolveAdLogSettings, type AdLogFormat } from '../../../src/core/logs/log-config.ts';
import { projectAdLogEvents } from '../../../src/core/logs/project.ts';
import { addLine, createReport, detectLine, summarize, type FormatSummary } from '../../../src/core/logs/report.ts';
import { renderReport } from '../../../src/core/logs/report-render.ts';
import { realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

function reportOf(events: readonly AdLogEvent[], format: AdLogFormat): FormatSummary {
  const s = resolveAdLogSettings({ AdLogFormats: [format] });
  if (!s.ok) throw new Error(s.error);
  const report = createReport();
  for (const g of projectAdLogEvents(events, s.value)) for (const l of g.lines) addLine(report, l);
  const [summary, ...rest] = summarize(report);
  if (summary === undefined || rest.length > 0) throw new Error('expected exactly one format');
  return summary;
}

describe('report', () => {
  const events = realisticEvents();
  const exchanges = events.filter(isAdsExchangeEvent);
  const succeeded = exchanges.filter((e) => e.kind === 'vast-response' || e.kind === 'redirected-vast-response' || e.kind === 'empty-vast-response');
  const avails = events.flatMap((e) => (e.kind === 'filled-avail' ? [e] : []));
  const expectedFill =
    avails.reduce((n, a) => n + a.avail.creativeAds.reduce((m, c) => m + c.vastDurationSec, 0), 0) /
    avails.reduce((n, a) => n + a.avail.originAvailDurationSec, 0);

  it.each(['mediatailor', 'brightcove', 'uplynk'] as const)('%s: ad requests and delivery rate match the events', (format) => {
    const r = reportOf(events, format);
    expect(r.adRequests).toBe(exchanges.length);
    expect(r.successfulAdRequests).toBe(succeeded.length);
    expect(r.adDeliveryRate).toBeCloseTo(succeeded.length / exchanges.length, 10);
    expect(r.avails).toBe(avails.length);
  });

  it.each(['mediatailor', 'brightcove'] as const)('%s: fill rate = filled / avail duration', (format) => {
    const r = reportOf(events, format);
    expect(r.fillRate).toBeCloseTo(expectedFill, 10);
    expect(r.availsWithAds).toBe(avails.filter((a) => a.avail.creativeAds.length > 0).length);
  });

  it('uplynk has no durations, so no fill rate', () => {
    expect(reportOf(events, 'uplynk').fillRate).toBeNull();
  });

  it('counts beacons per type: brightcove impression types, uplynk callback names', () => {
    const fired = events.flatMap((e) => (e.kind === 'beacon-fired' ? [e.beacon.trackingEvent] : []));
    const bc = new Map(reportOf(events, 'brightcove').beaconsByType);
    expect(bc.get('AdStart')).toBe(fired.filter((t) => t === 'impression' || t === 'start').length);
    expect(bc.get('AdComplete')).toBe(fired.filter((t) => t === 'complete').length);
    const up = new Map(reportOf(events, 'uplynk').beaconsByType);
    expect(up.get('thirdquartiles')).toBe(fired.filter((t) => t === 'thirdQuartile').length);
    expect([...up.values()].reduce((a, b) => a + b, 0)).toBe(fired.length);
  });

  it('lists failures by kind', () => {
    const mt = new Map(reportOf(events, 'mediatailor').failures);
    expect(mt.get('ERROR_ADS_TIMEOUT')).toBe(1);
    expect(mt.get('ERROR_FIRING_BEACON_FAILED:midpoint')).toBe(1);
    // Warnings are not failures (the demo's own empty ADS variables must not look like errors).
    expect(mt.has('WARNING_URL_VARIABLE_SUBSTITUTION_FAILED')).toBe(false);
    expect(new Map(reportOf(events, 'mediatailor').warnings).get('WARNING_URL_VARIABLE_SUBSTITUTION_FAILED')).toBe(1);
    const up = new Map(reportOf(events, 'uplynk').failures);
    expect(up.get('Request:PROCESSING_TIMEOUT_FAILURE')).toBe(1);
    expect(up.get('Job:fail')).toBe(avails.filter((a) => !a.adDecisionSucceeded).length);
    const bc = new Map(reportOf(events, 'brightcove').failures);
    expect(bc.get('AdRequest:no response')).toBe(1);
    expect(bc.get('Impression:AdMidpoint')).toBe(1);
  });

  it('detects each format per line and ignores what it does not know', () => {
    expect(detectLine('{"eventType":"FILLED_AVAIL"}').format).toBe('mediatailor');
    expect(detectLine('{"kind":"Impression"}').format).toBe('brightcove');
    expect(detectLine(['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\t'))).toMatchObject({ format: 'uplynk', table: 'beacon' });
    expect(detectLine('{not json').format).toBe('unknown');
    const report = createReport();
    addLine(report, 'hello world');
    addLine(report, '');
    expect(report.unknownLines).toBe(1);
  });

  it('renders every metric', () => {
    const text = renderReport([reportOf(events, 'brightcove')], 0, 3);
    for (const label of ['ad requests:', 'ad delivery rate:', 'fill rate:', 'beacons per type:', 'failures:', 'AdStart']) expect(text).toContain(label);
    expect(text).toContain(`${((succeeded.length / exchanges.length) * 100).toFixed(1)} %`);
  });
});
