/**
 * Ad-log events through each format and the report command's counting (core/logs/report), for
 * tests that check the three formats tell the same story.
 */
import type { AdLogEvent } from '../../src/core/logs/events.ts';
import { AD_LOG_FORMATS, resolveAdLogSettings, type AdLogFormat } from '../../src/core/logs/log-config.ts';
import { projectAdLogEvents } from '../../src/core/logs/project.ts';
import { addLine, createReport, summarize, type FormatSummary } from '../../src/core/logs/report.ts';

export function linesOf(events: readonly AdLogEvent[], format: AdLogFormat): string[] {
  const s = resolveAdLogSettings({ AdLogFormats: [format] });
  if (!s.ok) throw new Error(s.error);
  return projectAdLogEvents(events, s.value).flatMap((g) => [...g.lines]);
}

/** The report of each format's lines (zeros for a format without lines). */
export function reportPerFormat(events: readonly AdLogEvent[]): Record<AdLogFormat, FormatSummary> {
  const out = {} as Record<AdLogFormat, FormatSummary>;
  for (const format of AD_LOG_FORMATS) {
    const report = createReport();
    for (const l of linesOf(events, format)) addLine(report, l);
    out[format] = summarize(report)[0] ?? {
      format,
      lines: 0,
      adRequests: 0,
      successfulAdRequests: 0,
      adDeliveryRate: null,
      avails: 0,
      availsWithAds: null,
      fillRate: null,
      beaconsByType: [],
      failures: [],
      warnings: [],
    };
  }
  return out;
}

export const beaconTotal = (s: FormatSummary): number => s.beaconsByType.reduce((n, [, c]) => n + c, 0);

/** Requests, successful requests, avails and beacons fired as each format counts them. */
export function storyPerFormat(events: readonly AdLogEvent[]): Record<AdLogFormat, { requests: number; successful: number; avails: number; beacons: number }> {
  const r = reportPerFormat(events);
  const out = {} as Record<AdLogFormat, { requests: number; successful: number; avails: number; beacons: number }>;
  for (const f of AD_LOG_FORMATS) out[f] = { requests: r[f].adRequests, successful: r[f].successfulAdRequests, avails: r[f].avails, beacons: beaconTotal(r[f]) };
  return out;
}
