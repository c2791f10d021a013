/**
 * @module bench/load/report
 * Tables of the load harness: per run, what the players saw (requests, answers outside 2xx/3xx),
 * what the ad server and the beacon endpoint saw (ADS requests per (session, avail), beacons
 * expected, duplicated, missing), and the runtime's memory (workerd RSS) before and after.
 */
import type { SessionAudit } from './audit.ts';
import type { PlayedSession, SessionKind } from './player.ts';
import type { RssSample } from './memory.ts';

/** The Worker runtime's and wrangler's proxy runtime's RSS around a run (bench/load/memory). */
export interface RunMemory {
  readonly rssBeforeMiB: number;
  readonly rssPeakMiB: number;
  readonly rssAfterMiB: number;
  readonly proxyBeforeMiB: number;
  readonly proxyPeakMiB: number;
  readonly proxyAfterMiB: number;
  readonly peakDatabases: number;
}

export interface RunResult extends RunMemory {
  readonly run: number;
  readonly durationSec: number;
  readonly sessions: readonly PlayedSession[];
  readonly audits: readonly SessionAudit[];
  readonly settleSec: number;
}

export interface RunSummary extends RunMemory {
  readonly run: number;
  readonly sessionsByKind: Readonly<Record<SessionKind, number>>;
  readonly requests: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly avails: number;
  /** ADS requests per (session, avail) → how many (session, avail) pairs had that many. */
  readonly adsRequestsPerAvail: Readonly<Record<string, number>>;
  readonly adsPlayed: number;
  readonly beaconsExpected: number;
  readonly beaconsReceived: number;
  readonly beaconsDuplicated: number;
  readonly beaconsMissing: number;
  readonly beaconsExtra: number;
  readonly sessionsWithDuplicates: number;
  readonly sessionsWithMissing: number;
}

export function summarizeRun(r: RunResult): RunSummary {
  const byKind: Record<SessionKind, number> = { live: 0, vod: 0, 'vod-vmap': 0 };
  const failures: Record<string, number> = {};
  for (const s of r.sessions) {
    byKind[s.kind]++;
    for (const [k, n] of s.failures) failures[k] = (failures[k] ?? 0) + n;
  }
  const perAvail: Record<string, number> = {};
  for (const a of r.audits) for (const n of a.adsRequestsPerAvail) perAvail[String(n)] = (perAvail[String(n)] ?? 0) + 1;
  const sum = (f: (a: SessionAudit) => number): number => r.audits.reduce((n, a) => n + f(a), 0);
  return {
    run: r.run,
    sessionsByKind: byKind,
    requests: r.sessions.reduce((n, s) => n + s.requests, 0),
    failures,
    avails: sum((a) => a.adsRequestsPerAvail.length),
    adsRequestsPerAvail: perAvail,
    adsPlayed: r.sessions.reduce((n, s) => n + s.fullAds, 0),
    beaconsExpected: sum((a) => a.expectedBeacons),
    beaconsReceived: sum((a) => a.receivedBeacons),
    beaconsDuplicated: sum((a) => a.duplicateBeacons),
    beaconsMissing: sum((a) => a.missingBeacons),
    beaconsExtra: sum((a) => a.extraBeacons),
    sessionsWithDuplicates: r.audits.filter((a) => a.duplicateBeacons > 0).length,
    sessionsWithMissing: r.audits.filter((a) => a.missingBeacons > 0).length,
    rssBeforeMiB: r.rssBeforeMiB,
    rssPeakMiB: r.rssPeakMiB,
    rssAfterMiB: r.rssAfterMiB,
    proxyBeforeMiB: r.proxyBeforeMiB,
    proxyPeakMiB: r.proxyPeakMiB,
    proxyAfterMiB: r.proxyAfterMiB,
    peakDatabases: r.peakDatabases,
  } satisfies RunSummary;
}

const fmt = (o: Readonly<Record<string, number>>): string =>
  Object.keys(o).length === 0
    ? 'none'
    : Object.entries(o)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');

export function runTable(rows: readonly RunSummary[]): string[][] {
  return [
    [
      'run',
      'sessions (live/vod/vmap)',
      'requests',
      'not 2xx/3xx',
      'ADS calls per (session, avail)',
      'ads played',
      'beacons expected / received',
      'duplicated',
      'missing',
      'Worker runtime RSS before → peak → after (MiB)',
      'proxy runtime RSS (MiB)',
      'DO databases open (peak)',
    ],
    ...rows.map((r) => [
      String(r.run),
      `${r.sessionsByKind.live}/${r.sessionsByKind.vod}/${r.sessionsByKind['vod-vmap']}`,
      String(r.requests),
      fmt(r.failures),
      fmt(r.adsRequestsPerAvail),
      String(r.adsPlayed),
      `${r.beaconsExpected} / ${r.beaconsReceived}`,
      `${r.beaconsDuplicated} (${r.sessionsWithDuplicates} sessions)`,
      `${r.beaconsMissing} (${r.sessionsWithMissing} sessions)`,
      `${r.rssBeforeMiB} → ${r.rssPeakMiB} → ${r.rssAfterMiB}`,
      `${r.proxyBeforeMiB} → ${r.proxyPeakMiB} → ${r.proxyAfterMiB}`,
      String(r.peakDatabases),
    ]),
  ];
}

export function memoryTable(samples: readonly RssSample[], t0Ms: number): string[][] {
  return [
    ['when', 'minute', 'Worker runtime RSS (MiB)', 'native in use / tcmalloc total (MiB)', 'JS heap after GC (MiB)', 'proxy runtime RSS (MiB)', 'DO databases open'],
    ...samples.map((s) => [
      s.label,
      ((s.atMs - t0Ms) / 60_000).toFixed(1),
      String(s.workerMiB),
      s.mallocInUseMiB === undefined ? '-' : `${s.mallocInUseMiB} / ${s.mallocTotalMiB ?? '-'}`,
      s.heapMiB === undefined ? '-' : String(s.heapMiB),
      String(s.proxyMiB),
      String(s.openDatabases),
    ]),
  ];
}

export function text(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

export function markdown(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
