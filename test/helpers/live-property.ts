/**
 * One random live session for the property test (test/unit/hls/live-stitch.property.test.ts):
 * random origin (helpers/random-origin), random window size (sometimes growing at start), random
 * decisions (ads, slate, content, decisions that take up to 40 reloads), random avail suppression
 * and marker passthrough, three renditions reloading in random order with random lags and gaps,
 * and the ledger sometimes read back from storage (structured clone) between requests.
 * Assumption: together the windows served cover every origin segment (a marker no response ever
 * saw cannot be honoured, and unseen durations are estimated with the target duration).
 * Returns every problem found: InvariantChecker violations, m3u8-parser warnings, our own parser's
 * diagnostics, cue tags left in the output, PDT not increasing, and personalized breaks whose
 * output does not last their content duration within one segment (invariant 4).
 */
import { seenDurationsSec } from '../../src/core/avails/break-content.ts';
import type { LedgerBreak } from '../../src/core/avails/ledger.ts';
import type { AvailSuppression } from '../../src/core/config/playback-configuration.ts';
import { slotsUntil, type Occurrence } from '../../src/core/avails/slots.ts';
import { parseMediaPlaylist } from '../../src/core/hls/media-playlist.ts';
import { independentParse } from './independent-parse.ts';
import { Prng } from './prng.ts';
import { randomOrigin } from './random-origin.ts';
import { ad, slate, StitchSession, type Decision } from './stitch-session.ts';

const SUPPRESSIONS: readonly AvailSuppression[] = [
  { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' },
  { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' },
  { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:20', FillPolicy: 'PARTIAL_AVAIL' },
  { Mode: 'AFTER_LIVE_EDGE', Value: '00:01:00' },
  { Mode: 'OFF', FillPolicy: 'PARTIAL_AVAIL' },
];
export const RENDITIONS = ['v0', 'v1', 'a0'] as const;

function randomPlan(rng: Prng): Occurrence[] {
  const plan: Occurrence[] = [];
  const ads = rng.int(0, 3);
  for (let i = 0; i < ads; i++) {
    const d = rng.duration(1, 8);
    plan.push(
      ad(
        `ad${i}-${Math.round(d * 1000)}`,
        i,
        Array.from({ length: rng.int(1, 8) }, () => (rng.chance(0.8) ? d : rng.duration(1, 8))),
      ),
    );
  }
  if (plan.length === 0 || rng.chance(0.5)) {
    const d = rng.duration(1, 6);
    plan.push(slate(Array.from({ length: rng.int(1, 3) }, () => d)));
  }
  return plan;
}

export interface Outcome {
  readonly problems: string[];
  readonly served: number;
  readonly personalized: number;
  readonly session: StitchSession;
}

export function runSession(seed: number, trace?: (edge: number, r: string, origin: string, out: string) => void): Outcome {
  const rng = new Prng(seed);
  const origin = randomOrigin(rng);
  const t = origin.timeline;
  const size = rng.int(3, 15);
  const markerPassthrough = rng.chance(0.2);
  const decisions = new Map<string, { plan: Decision; holdFor: number }>();
  const decide = (b: LedgerBreak): Decision => {
    let d = decisions.get(b.key);
    if (!d) {
      d = { plan: rng.chance(0.15) ? 'passthrough' : randomPlan(rng), holdFor: rng.chance(0.3) ? rng.int(1, 40) : 0 };
      decisions.set(b.key, d);
    }
    return d.holdFor-- > 0 ? 'hold' : d.plan;
  };
  const suppression = rng.chance(0.3) ? rng.pick(SUPPRESSIONS) : undefined;
  const s = new StitchSession({ decide, markerPassthrough, ...(suppression ? { suppression } : {}) });
  const problems: string[] = [];
  const edges = new Map<string, number>();
  const firsts = new Map<string, number>();
  const maxLag = rng.int(0, size - 1);
  const growing = rng.chance(0.3);
  let edge = t.baseSeq + rng.int(size - 1, size + 30);
  let served = 0;
  let maxServed = Infinity;
  while (edge < t.endSeq - 2 && problems.length === 0) {
    edge = Math.min(t.endSeq - 2, edge + (rng.chance(0.03) ? rng.int(1, size - 1) : rng.int(0, 2)));
    const r = rng.pick(RENDITIONS);
    // Renditions lag a little behind each other, but together the windows served cover every
    // segment (a marker no response ever saw cannot be honoured, e.g. the CUE-IN of a bare CUE-OUT).
    const e = Math.min(Math.max(edges.get(r) ?? 0, edge - rng.int(0, maxLag)), maxServed + size);
    edges.set(r, e);
    // Some origins start with a short window that grows to its size; a window never starts earlier than the last one.
    const first = Math.max(firsts.get(r) ?? t.baseSeq, Math.min(e - (growing ? rng.int(Math.max(1, size - 3), size) : size) + 1, maxServed + 1));
    firsts.set(r, first);
    maxServed = served === 0 ? e : Math.max(maxServed, e);
    const text = t.window(r, first, e, {
      trailingLinesOfNext: rng.chance(0.15),
      ...(origin.keyLine ? { headerLines: [origin.keyLine] } : {}),
    });
    if (rng.chance(0.1)) s.reloadLedger();
    const res = s.serve(r, text);
    trace?.(e, r, text, res.text);
    served++;
    const where = `seed ${seed} edge ${e} ${r}`;
    const warnings = independentParse(res.text).warnings;
    if (warnings.length) problems.push(`${where}: m3u8-parser: ${warnings.join('; ')}`);
    const own = parseMediaPlaylist(res.text);
    if (own.diagnostics.length) problems.push(`${where}: parseMediaPlaylist: ${own.diagnostics.join('; ')}`);
    if (!markerPassthrough && /#EXT-X-CUE|#EXT-OATCLS|#EXT-X-SPLICEPOINT/.test(res.text)) problems.push(`${where}: cue tag in output`);
    let lastPdt = -Infinity;
    for (const x of res.parsed.segments) {
      if (x.pdt === undefined) continue;
      const p = Date.parse(x.pdt);
      if (!(p > lastPdt)) problems.push(`${where}: PDT not increasing at output seq ${x.seq} (${x.pdt})`);
      lastPdt = p;
    }
    if (s.checker.violations.length) problems.push(...s.checker.violations.map((v) => `${where}: ${v}`));
  }
  let personalized = 0;
  for (const b of s.ledger.breaks) {
    if (b.mode !== 'personalize' || !b.closed || b.insertion) continue;
    personalized++;
    const plan = s.plans.get(b.key) ?? [];
    // The midpoint rule (core/avails/slots) stops within half of the slot at the boundary: the
    // last one played or the first one left out.
    const withNext = slotsUntil(plan, Infinity, (b.outputCount ?? 0) + 1);
    const slots = withNext.slice(0, b.outputCount);
    const out = slots.reduce((x, y) => x + y.durationSec, 0);
    const replaced = seenDurationsSec(b, b.originStartSeq, b.replacedEndSeq ?? 0);
    const content = replaced.reduce((x, y) => x + y, 0);
    const oneSegment = Math.max(0, ...withNext.map((x) => x.durationSec), ...replaced);
    if (Math.abs(out - content) > oneSegment + 1e-6) problems.push(`seed ${seed}: break ${b.key} lasts ${out} s for ${content} s of content`);
  }
  return { problems, served, personalized, session: s };
}
