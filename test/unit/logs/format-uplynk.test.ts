/**
 * Uplynk projection vs Uplynk format of docs/ad-logs.md, column by column: the validators below are written from the
 * seed's field tables and checked against the seed's own sample rows first, then applied to
 * every row of a realistic session.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatUplynk, UPLYNK_COLUMNS, type UplynkTable } from '../../../src/core/logs/format-uplynk.ts';
import { realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

/** Seed rows, as printed (the page shows tab separators as runs of spaces; no value has one). */
const seedRows = new Map<UplynkTable, string[][]>();
{
  let table: UplynkTable | undefined;
  for (const line of readFileSync(new URL('../../fixtures/logs/uplynk-seed-samples.txt', import.meta.url), 'utf8').split('\n')) {
    const header = /^# (\w+)$/.exec(line);
    if (header) table = header[1] as UplynkTable;
    else if (line.trim() !== '' && table) seedRows.set(table, [...(seedRows.get(table) ?? []), line.trim().split(/\s+/)]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Seed 004 "Timestamps": `YYYY-MM-DDThh:mm:ss.sZ`, `s` = millionths. The samples print ms. */
const TS_SPEC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const TS_SAMPLE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z$/;
const DOUBLE = /^(?:-|\d+(?:\.\d+)?(?:[eE]-?\d+)?)$/;
const INT = /^\d+$/;
const STRING = /^[^\t\r\n]+$/;
const oneOf =
  (...values: string[]) =>
  (v: string) =>
    values.includes(v);
const re = (r: RegExp) => (v: string) => r.test(v);
type Check = (v: string) => boolean;

/** Column validators from the seed's field tables (types and listed values). */
function validators(ts: RegExp): Record<UplynkTable, Record<string, Check>> {
  const common = { unique_record_id: re(UUID), created_timestamp: re(ts), logged_timestamp: re(ts), job_id: re(UUID) };
  return {
    job: {
      ...common,
      status: oneOf('complete', 'fail'),
      ad_request_index: re(INT),
      channel_id: re(STRING),
      owner_name: re(STRING),
      asset_type: oneOf('live', 'vod'),
      video_id: re(STRING),
      viewer_id: re(STRING),
      channel_description: re(STRING),
    },
    request: {
      ...common,
      status: oneOf('complete', 'fail'),
      request_id: re(STRING),
      total_elapsed_request_time: re(DOUBLE),
      connection_time: re(DOUBLE),
      header_request_time: re(DOUBLE),
      body_download_time: re(DOUBLE),
      pod_location: oneOf('preroll', 'midroll', 'postroll', '""'),
      failure_reason: oneOf(
        'DB_FAILURE',
        'DEADLINE_FAILURE',
        'MISSING_AD_BREAK',
        'MISSING_MEDIA_FILE',
        'NO_FAILURE',
        'PARSER_FAILURE',
        'PROCESSING_TIMEOUT_FAILURE',
        'REQUEST_FAILURE',
        'RESPONSE_FAILURE',
        'UNKNOWN_FAILURE',
        '""',
      ),
      request_succeeded: oneOf('true', 'false'),
      is_wrapper: oneOf('true', 'false'),
      start_timestamp: re(ts),
      end_timestamp: re(ts),
      parent_request_id: re(STRING),
      wrapper_depth: re(INT),
    },
    response: {
      ...common,
      status: oneOf('complete', 'fail'),
      request_id: re(STRING),
      ad_count: re(INT),
      wrapper_count: re(INT),
      impression_count: re(/^(?:-|\d+)$/),
      range_bytes: re(/^(?:-|\d+)$/),
      event_error_message: re(STRING),
    },
    beacon: { ...common, beacon_id: re(/^[0-9a-f-]{36}-\d+-\d+--[a-z]+-\d+$/), event_callback_name: re(/^[a-z]+$/), url: re(/^https?:\/\/\S+$/) },
  };
}

const TABLES = ['job', 'request', 'response', 'beacon'] as const;

describe('uplynk rows vs the Uplynk format (docs/ad-logs.md)', () => {
  const ours = realisticEvents().flatMap(formatUplynk);

  it.each(TABLES)('%s: the validators accept the seed sample rows (they read the seed right)', (table) => {
    const rows = seedRows.get(table) ?? [];
    expect(rows).toHaveLength(2);
    const v = validators(TS_SAMPLE)[table];
    for (const row of rows) {
      row.forEach((cell, i) => {
        const name = UPLYNK_COLUMNS[table][i] ?? '?';
        expect(v[name]?.(cell), `${table}.${name} = ${cell}`).toBe(true);
      });
    }
  });

  it.each(TABLES)('%s: our columns are the seed sample columns, plus the one the table lists but rows lack', (table) => {
    const sampleWidth = seedRows.get(table)?.[0]?.length ?? 0;
    const appended = table === 'job' || table === 'request' ? 1 : 0;
    expect(UPLYNK_COLUMNS[table]).toHaveLength(sampleWidth + appended);
    const rows = ours.filter((r) => r.table === table);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.line.split('\t')).toHaveLength(UPLYNK_COLUMNS[table].length);
  });

  it.each(TABLES)('%s: every cell of ours passes the seed validator, timestamps with six fractional digits', (table) => {
    const v = validators(TS_SPEC)[table];
    for (const r of ours.filter((x) => x.table === table)) {
      r.line.split('\t').forEach((cell, i) => {
        const name = UPLYNK_COLUMNS[table][i] ?? '?';
        expect(v[name]?.(cell), `${table}.${name} = ${JSON.stringify(cell)}`).toBe(true);
      });
    }
  });

  it('links rows of one avail by job id, requests to their parents, beacons to their job', () => {
    const cells = (t: UplynkTable) => ours.filter((r) => r.table === t).map((r) => r.line.split('\t'));
    const col = (t: UplynkTable, name: string) => UPLYNK_COLUMNS[t].indexOf(name as never);
    const jobs = new Set(cells('job').map((c) => c[col('job', 'job_id')]));
    for (const t of ['request', 'response', 'beacon'] as const) for (const c of cells(t)) expect(jobs.has(c[col(t, 'job_id')])).toBe(true);
    const requests = cells('request');
    const redirected = requests.find((c) => c[col('request', 'wrapper_depth')] === '1');
    expect(redirected?.[col('request', 'parent_request_id')]).toBe(requests[0]?.[col('request', 'request_id')]);
    expect(requests[0]?.[col('request', 'is_wrapper')]).toBe('true');
    for (const c of cells('beacon')) expect(c[col('beacon', 'beacon_id')]?.startsWith(`${c[col('beacon', 'job_id')]}-0-`)).toBe(true);
  });

  it('writes one Request per ADS exchange, a Response only when one arrived, a Beacon per beacon that went out', () => {
    const events = realisticEvents();
    const count = (t: UplynkTable) => ours.filter((r) => r.table === t).length;
    expect(count('request')).toBe(6);
    expect(count('response')).toBe(5); // the timeout has none
    expect(count('beacon')).toBe(events.filter((e) => e.kind === 'beacon-fired').length);
    expect(count('job')).toBe(events.filter((e) => e.kind === 'filled-avail').length);
  });

  it('keeps one row per line whatever the text holds', () => {
    const e = realisticEvents().find((x) => x.kind === 'ads-parse-error');
    if (e?.kind !== 'ads-parse-error') throw new Error('fixture');
    const rows = formatUplynk({ ...e, message: 'a\tb\nc "d"' });
    for (const r of rows) expect(r.line).not.toMatch(/\n/);
    expect(
      rows
        .find((r) => r.table === 'response')
        ?.line.split('\t')
        .at(-1),
    ).toBe("a b c 'd'");
  });
});
