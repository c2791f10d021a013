/**
 * @module core/logs/report
 * Metrics over ad-log lines of any of the three formats, auto-detected per line (docs/architecture.md §8
 * "Consumers"; the metrics Brightcove format of docs/ad-logs.md names: ad requests, beacons per type, ad delivery rate =
 * successful ad requests / ad requests; plus fill rate and failures). Pure and incremental: the
 * report command feeds lines as it reads them, so memory does not grow with the input.
 *
 * Formats are reported separately: one session written in all three formats would otherwise be
 * counted three times.
 */
import { UPLYNK_COLUMNS, type UplynkTable } from './format-uplynk.ts';
import type { AdLogFormat } from './log-config.ts';

export type DetectedLine =
  | { readonly format: 'mediatailor' | 'brightcove'; readonly record: Readonly<Record<string, unknown>> }
  | { readonly format: 'uplynk'; readonly table: UplynkTable; readonly cells: readonly string[] }
  | { readonly format: 'unknown' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which format and type a line is; `unknown` for blank or foreign lines. Never throws. */
export function detectLine(line: string): DetectedLine {
  const trimmed = line.trim();
  if (trimmed === '') return { format: 'unknown' };
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return { format: 'unknown' };
    }
    if (!isRecord(value)) return { format: 'unknown' };
    if (typeof value['eventType'] === 'string') return { format: 'mediatailor', record: value };
    if (typeof value['kind'] === 'string') return { format: 'brightcove', record: value };
    return { format: 'unknown' };
  }
  const cells = line.replace(/\r$/, '').split('\t');
  const n = cells.length;
  // Column counts identify the Uplynk format of docs/ad-logs.md types (ours append one column to Job and Request; rows
  // with the samples' own counts are accepted too).
  if (n === UPLYNK_COLUMNS.job.length) return { format: 'uplynk', table: 'job', cells };
  if (n === UPLYNK_COLUMNS.request.length || n === UPLYNK_COLUMNS.request.length - 1) {
    return { format: 'uplynk', table: 'request', cells };
  }
  if (n === UPLYNK_COLUMNS.response.length) {
    const assetType = cells[8];
    return { format: 'uplynk', table: assetType === 'live' || assetType === 'vod' ? 'job' : 'response', cells };
  }
  if (n === UPLYNK_COLUMNS.beacon.length) return { format: 'uplynk', table: 'beacon', cells };
  return { format: 'unknown' };
}

export interface FormatTotals {
  lines: number;
  adRequests: number;
  successfulAdRequests: number;
  avails: number;
  availsWithAds: number;
  originAvailSec: number;
  filledSec: number;
  /** False for formats without durations (Uplynk format of docs/ad-logs.md). */
  hasDurations: boolean;
  readonly beaconsByType: Map<string, number>;
  readonly failures: Map<string, number>;
  /** `WARNING_*` events: worth a look, not failures (an ADS variable left empty, as the demo's are). */
  readonly warnings: Map<string, number>;
}

export interface ReportAccumulator {
  readonly formats: Record<AdLogFormat, FormatTotals>;
  unknownLines: number;
}

const totals = (hasDurations: boolean): FormatTotals => ({
  lines: 0,
  adRequests: 0,
  successfulAdRequests: 0,
  avails: 0,
  availsWithAds: 0,
  originAvailSec: 0,
  filledSec: 0,
  hasDurations,
  beaconsByType: new Map(),
  failures: new Map(),
  warnings: new Map(),
});

export function createReport(): ReportAccumulator {
  return { formats: { mediatailor: totals(true), brightcove: totals(true), uplynk: totals(false) }, unknownLines: 0 };
}

const bump = (m: Map<string, number>, key: string, by = 1): void => {
  m.set(key, (m.get(key) ?? 0) + by);
};
const numberOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const stringOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** MediaTailor: requests are MAKING_ADS_REQUEST and VAST_REDIRECT (each asks an ad server). */
function addMediaTailor(t: FormatTotals, r: Readonly<Record<string, unknown>>): void {
  const type = stringOf(r['eventType']);
  switch (type) {
    case 'MAKING_ADS_REQUEST':
    case 'VAST_REDIRECT':
      t.adRequests++;
      return;
    case 'VAST_RESPONSE':
    case 'REDIRECTED_VAST_RESPONSE':
    case 'EMPTY_VAST_RESPONSE':
      t.successfulAdRequests++;
      return;
    case 'FILLED_AVAIL': {
      const a = isRecord(r['avail']) ? r['avail'] : {};
      t.avails++;
      if (numberOf(a['numAds']) > 0) t.availsWithAds++;
      t.originAvailSec += numberOf(a['originAvailDuration']);
      t.filledSec += numberOf(a['filledDuration']);
      return;
    }
    case 'ERROR_FIRING_BEACON_FAILED': {
      const info = isRecord(r['beaconInfo']) ? r['beaconInfo'] : {};
      bump(t.failures, `${type}:${stringOf(info['trackingEvent']) || '?'}`);
      return;
    }
    case 'BEACON_FIRED':
      bump(t.beaconsByType, stringOf(isRecord(r['beaconInfo']) ? r['beaconInfo']['trackingEvent'] : '') || '?');
      return;
    default: {
      // Ours start the description of ERROR_UNKNOWN with MediaTailor's own type (docs/ad-logs.md).
      const code = type === 'ERROR_UNKNOWN' ? /^[A-Z][A-Z_]+(?= )/.exec(stringOf(r['eventDescription']))?.[0] : undefined;
      if (code !== undefined) bump(t.failures, `${type}:${code}`);
      else if (type.startsWith('WARNING_')) bump(t.warnings, type);
      else if (type.startsWith('ERROR_')) bump(t.failures, type);
    }
  }
}

function addBrightcove(t: FormatTotals, r: Readonly<Record<string, unknown>>): void {
  const kind = stringOf(r['kind']);
  const error = r['error'] === true;
  if (kind === 'AdRequest') {
    t.adRequests++;
    const status = numberOf(r['status_code']);
    if (!error && status >= 200 && status < 300) t.successfulAdRequests++;
    else if (status === 0) bump(t.failures, 'AdRequest:no response');
    else bump(t.failures, status >= 200 && status < 300 ? `AdRequest:unusable body (HTTP ${status})` : `AdRequest:HTTP ${status}`);
  } else if (kind === 'SessionSummary') {
    const ads = Array.isArray(r['ads']) ? r['ads'] : [];
    // A VOD session's one summary lists its avails in our `adbreaks`; a live summary is one avail.
    const breaks = Array.isArray(r['adbreaks']) ? r['adbreaks'].filter(isRecord) : undefined;
    t.avails += breaks ? breaks.length : 1;
    t.availsWithAds += breaks ? breaks.filter((b) => numberOf(b['ad_count']) > 0).length : numberOf(r['ad_count']) > 0 ? 1 : 0;
    t.originAvailSec += numberOf(r['odur']) / 1e9;
    for (const ad of ads) if (isRecord(ad)) t.filledSec += numberOf(ad['cdur']) / 1e9;
    if (error) bump(t.failures, 'SessionSummary:ad decision failed');
  } else if (kind === 'Impression') {
    const type = stringOf(r['impression_type']) || '?';
    if (error) bump(t.failures, `Impression:${type}`);
    else bump(t.beaconsByType, type);
  } else if (kind === 'Creative') {
    const state = stringOf(r['state']);
    if (state !== 'active') bump(t.failures, `Creative:${state || '?'}`);
  }
}

function addUplynk(t: FormatTotals, table: UplynkTable, cells: readonly string[]): void {
  const col = (name: string): string => {
    const i = (UPLYNK_COLUMNS[table] as readonly string[]).indexOf(name);
    const v = cells[i] ?? '';
    return v === '""' ? '' : v;
  };
  if (table === 'request') {
    t.adRequests++;
    if (col('request_succeeded') === 'true') t.successfulAdRequests++;
    else bump(t.failures, `Request:${col('failure_reason') || 'UNKNOWN_FAILURE'}`);
  } else if (table === 'job') {
    t.avails++;
    if (col('status') === 'fail') bump(t.failures, 'Job:fail');
  } else if (table === 'response') {
    if (col('event_error_message') !== '') bump(t.failures, 'Response:error');
  } else {
    bump(t.beaconsByType, col('event_callback_name') || '?');
  }
}

/** Adds one line to the report. */
export function addLine(report: ReportAccumulator, line: string): DetectedLine {
  const d = detectLine(line);
  if (d.format === 'unknown') {
    if (line.trim() !== '') report.unknownLines++;
    return d;
  }
  const t = report.formats[d.format];
  t.lines++;
  if (d.format === 'uplynk') addUplynk(t, d.table, d.cells);
  else if (d.format === 'mediatailor') addMediaTailor(t, d.record);
  else addBrightcove(t, d.record);
  return d;
}

export interface FormatSummary {
  readonly format: AdLogFormat;
  readonly lines: number;
  readonly adRequests: number;
  readonly successfulAdRequests: number;
  /** Seed 003: successful ad requests / ad requests; null without requests. */
  readonly adDeliveryRate: number | null;
  readonly avails: number;
  /** Avails with at least one ad; null where the format does not say (Uplynk format of docs/ad-logs.md Job). */
  readonly availsWithAds: number | null;
  /** Filled duration / avail duration; null without durations. */
  readonly fillRate: number | null;
  readonly beaconsByType: readonly (readonly [string, number])[];
  readonly failures: readonly (readonly [string, number])[];
  readonly warnings: readonly (readonly [string, number])[];
}

const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/** The numbers per format that had at least one line. */
export function summarize(report: ReportAccumulator): FormatSummary[] {
  const out: FormatSummary[] = [];
  for (const format of ['mediatailor', 'brightcove', 'uplynk'] as const) {
    const t = report.formats[format];
    if (t.lines === 0) continue;
    out.push({
      format,
      lines: t.lines,
      adRequests: t.adRequests,
      successfulAdRequests: t.successfulAdRequests,
      adDeliveryRate: t.adRequests > 0 ? t.successfulAdRequests / t.adRequests : null,
      avails: t.avails,
      availsWithAds: t.hasDurations ? t.availsWithAds : null,
      fillRate: t.hasDurations && t.originAvailSec > 0 ? t.filledSec / t.originAvailSec : null,
      beaconsByType: sorted(t.beaconsByType),
      failures: sorted(t.failures),
      warnings: sorted(t.warnings),
    });
  }
  return out;
}
