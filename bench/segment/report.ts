/**
 * @module bench/segment/report
 * Aggregates the batches of the `/v1/segment` latency benchmark into pooled percentiles per
 * scenario and per-round slow/fast ratios per endpoint, and renders them as text or Markdown.
 * Pure.
 */
import type { BatchResult } from './measure.ts';
import { ENDPOINTS, SCENARIOS, type Endpoint, type ScenarioId } from './scenarios.ts';
import { median, percentile, spread, summarize, type LatencySummary, type RatioSpread } from './stats.ts';

export type KindSel = 'all' | 'beacon' | 'quiet';
export const KINDS: readonly KindSel[] = ['all', 'beacon', 'quiet'];
const PCTS = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p99', 0.99],
] as const;
type Pct = (typeof PCTS)[number][0];

export const TARGET_RATIO = 1.2;

function samples(b: BatchResult, kind: KindSel): number[] {
  return kind === 'beacon' ? b.beaconMs : kind === 'quiet' ? b.quietMs : [...b.beaconMs, ...b.quietMs];
}

export interface ScenarioSummary {
  readonly scenario: ScenarioId;
  readonly label: string;
  readonly latencyMs: Record<KindSel, LatencySummary>;
  readonly beaconsExpected: number;
  readonly beaconsArrived: number;
  /** Requests the endpoint received, retries included. */
  readonly beaconsReceived: number;
  readonly drainMsMedian: number;
  readonly drainMsMax: number;
  readonly undrainedBatches: number;
}

export interface EndpointRatios {
  readonly endpoint: Endpoint;
  /** slow/fast of the pooled percentiles (all rounds together). */
  readonly pooled: Record<KindSel, Record<Pct, number>>;
  /** slow/fast per round (same round, interleaved), median and spread over rounds. */
  readonly perRound: Record<KindSel, Record<Pct, RatioSpread>>;
}

export interface Aggregate {
  readonly scenarios: ScenarioSummary[];
  readonly ratios: EndpointRatios[];
  readonly verdicts: { endpoint: Endpoint; metric: string; ratio: number; ok: boolean }[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function aggregate(batches: readonly BatchResult[]): Aggregate {
  const by = (id: ScenarioId): BatchResult[] => batches.filter((b) => b.scenario === id);
  const scenarios = SCENARIOS.map((s): ScenarioSummary => {
    const bs = by(s.id);
    const drains = bs.map((b) => b.drainMs).filter((x): x is number => x !== undefined);
    return {
      scenario: s.id,
      label: s.label,
      latencyMs: Object.fromEntries(KINDS.map((k) => [k, summarize(bs.flatMap((b) => samples(b, k)))])) as Record<KindSel, LatencySummary>,
      beaconsExpected: bs.reduce((a, b) => a + b.beaconsExpected, 0),
      beaconsArrived: bs.reduce((a, b) => a + b.beaconsArrived, 0),
      beaconsReceived: bs.reduce((a, b) => a + b.beaconsReceived, 0),
      drainMsMedian: Math.round(median(drains)),
      drainMsMax: Math.round(drains.length ? Math.max(...drains) : Number.NaN),
      undrainedBatches: bs.length - drains.length,
    };
  });
  const rounds = [...new Set(batches.map((b) => b.round))].sort((a, b) => a - b);
  const ratios = ENDPOINTS.map((endpoint): EndpointRatios => {
    const fast = by(`${endpoint}/fast`);
    const slow = by(`${endpoint}/slow`);
    const pooled = {} as Record<KindSel, Record<Pct, number>>;
    const perRound = {} as Record<KindSel, Record<Pct, RatioSpread>>;
    for (const k of KINDS) {
      const f = fast.flatMap((b) => samples(b, k));
      const s = slow.flatMap((b) => samples(b, k));
      pooled[k] = Object.fromEntries(PCTS.map(([name, q]) => [name, r3(percentile(s, q) / percentile(f, q))])) as Record<Pct, number>;
      perRound[k] = Object.fromEntries(
        PCTS.map(([name, q]) => {
          const rs = rounds.map((r) => {
            const fr = fast.filter((b) => b.round === r).flatMap((b) => samples(b, k));
            const sr = slow.filter((b) => b.round === r).flatMap((b) => samples(b, k));
            return percentile(sr, q) / percentile(fr, q);
          });
          return [name, spread(rs)];
        }),
      ) as Record<Pct, RatioSpread>;
    }
    return { endpoint, pooled, perRound };
  });
  const verdicts = ratios
    .filter((e) => Number.isFinite(e.perRound.all.p50.median))
    .flatMap((e) =>
      (['p50', 'p99'] as const).map((p) => {
        const ratio = e.perRound.all[p].median;
        return { endpoint: e.endpoint, metric: `median per-round ${p} ratio (all segments)`, ratio, ok: ratio <= TARGET_RATIO };
      }),
    );
  return { scenarios, ratios, verdicts };
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');

export function latencyRows(a: Aggregate): Table {
  const header = ['beacon endpoint', 'segments', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const rows = a.scenarios.flatMap((s) =>
    KINDS.map((k) => {
      const l = s.latencyMs[k];
      return [k === 'all' ? s.label : '', k === 'all' ? 'all' : k === 'beacon' ? 'with beacons due' : 'nothing due', String(l.n), f1(l.p50), f1(l.p90), f1(l.p99), f1(l.max)];
    }),
  );
  return { header, rows };
}

export function ratioRows(a: Aggregate): Table {
  const header = ['slow / fast', 'segments', 'p50 ratio', 'p90 ratio', 'p99 ratio', 'p50 pooled', 'p99 pooled'];
  const cell = (s: RatioSpread): string => `${f2(s.median)} (${f2(s.min)}–${f2(s.max)})`;
  const rows = a.ratios.flatMap((e) =>
    KINDS.map((k) => [
      k === 'all' ? e.endpoint : '',
      k === 'all' ? 'all' : k === 'beacon' ? 'with beacons due' : 'nothing due',
      cell(e.perRound[k].p50),
      cell(e.perRound[k].p90),
      cell(e.perRound[k].p99),
      f2(e.pooled[k].p50),
      f2(e.pooled[k].p99),
    ]),
  );
  return { header, rows };
}

export function sanityRows(a: Aggregate): Table {
  const header = ['beacon endpoint', 'beacons due', 'arrived', 'retried', 'drain median s', 'drain max s'];
  const rows = a.scenarios.map((s) => [
    s.label,
    String(s.beaconsExpected),
    String(s.beaconsArrived),
    String(s.beaconsReceived - s.beaconsArrived),
    (s.drainMsMedian / 1000).toFixed(1),
    (s.drainMsMax / 1000).toFixed(1),
  ]);
  return { header, rows, left: 1 };
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Leading text columns (left-aligned); the rest are numbers. */
  readonly left?: number;
}

export function markdownTable(t: Table): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(t.header), line(t.header.map((_, i) => (i < (t.left ?? 2) ? '---' : '---:'))), ...t.rows.map(line)].join('\n');
}

export function textTable(t: Table): string {
  const all = [t.header, ...t.rows];
  const widths = t.header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < (t.left ?? 2) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(t.header), widths.map((w) => '─'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}
