/**
 * @module core/timeline/media-layout
 * The session's media timeline as the player was given it, for the timeline page to draw
 * (docs/session-timeline.md): content, ad and slate blocks in session media time (seconds from
 * the start of the first playlist the session served, the clock of the tracking API's
 * `startTimeInSeconds`), from the same ledger and plans as the manifests and the tracking JSON
 * (core/avails/timeline). Breaks the ledger has pruned (a long live session keeps the last ones)
 * are gone from the layout; the timeline's entries still tell about them. A DASH session's blocks
 * come from its avails' Periods (core/timeline/dash-facts), its span from the last MPD served. Pure.
 */
import { stepAt } from '../avails/ledger.ts';
import { placeAvail } from '../avails/timeline.ts';
import type { SessionState } from '../session/state.ts';
import { dashBreakBlocks } from './dash-facts.ts';
import type { ServedWindow } from './entries.ts';

export interface MediaBlock {
  readonly kind: 'content' | 'ad' | 'slate';
  readonly startSec: number;
  readonly durationSec: number;
  /** The avail this block belongs to (ad and slate blocks, and content left in a break). */
  readonly breakKey?: string;
  readonly availIndex?: number;
  readonly availId?: string;
  readonly adIndex?: number;
  /** Content played in place of a break: why it was not filled. */
  readonly note?: string;
}

export interface MediaLayout {
  readonly vod: boolean;
  /** Session media time where the layout starts: 0, or a DASH live MPD's oldest point (its clock starts at availabilityStartTime). */
  readonly startSec: number;
  /** Session media time of the furthest point any playlist of the session reached. */
  readonly endSec: number;
  readonly blocks: readonly MediaBlock[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `lastServed`: what the newest MPD held (DASH; HLS reads its span from the ledger). */
export function mediaLayout(state: SessionState, lastServed?: ServedWindow): MediaLayout {
  if (state.record.sessionType === 'DASH') return dashLayout(state, lastServed);
  const { ledger } = state;
  const cursor = ledger.cursor;
  let endSec = cursor ? cursor.timeSec + stepAt(ledger, cursor.seq).timeDeltaSec : 0;
  const breaks: MediaBlock[] = [];
  for (const b of ledger.breaks) {
    if (b.outTimeSec === undefined) continue;
    const base = { breakKey: b.key, availIndex: b.availIndex };
    const plan = state.plans.get(b.key);
    const placement = b.mode === 'personalize' && plan ? placeAvail(b, plan) : undefined;
    if (!placement) {
      // A break left as content: the blocks around it already are content; mark where it was.
      if (b.mode === 'passthrough') breaks.push({ kind: 'content', startSec: r3(b.outTimeSec), durationSec: 0, ...base, note: b.reason ?? plan?.reason ?? 'break played as content' });
      continue;
    }
    const availId = placement.availId;
    let t = placement.startTimeSec;
    for (const ad of placement.ads) {
      breaks.push({ kind: 'ad', startSec: r3(ad.startTimeSec), durationSec: r3(ad.durationSec), ...base, availId, adIndex: ad.adIndex });
      t = Math.max(t, ad.startTimeSec + ad.durationSec);
    }
    const end = placement.startTimeSec + placement.durationSec;
    if (end - t > 0.001) breaks.push({ kind: 'slate', startSec: r3(t), durationSec: r3(end - t), ...base, availId });
    endSec = Math.max(endSec, end);
  }
  return withContent(ledger.vod === true, 0, endSec, breaks);
}

function dashLayout(state: SessionState, lastServed: ServedWindow | undefined): MediaLayout {
  const breaks = dashBreakBlocks(state);
  const vod = state.dash?.vod ?? lastServed?.complete ?? false;
  const endSec = Math.max(lastServed?.endSec ?? 0, ...breaks.map((b) => b.startSec + b.durationSec));
  const startSec = Math.min(vod ? 0 : (lastServed?.startSec ?? 0), ...breaks.map((b) => b.startSec));
  return withContent(vod, startSec, endSec, breaks);
}

/** The breaks in time order, with content filling the gaps from `startSec` to the end. */
function withContent(vod: boolean, startSec: number, endSec: number, breaks: MediaBlock[]): MediaLayout {
  breaks.sort((a, b) => a.startSec - b.startSec);
  const blocks: MediaBlock[] = [];
  let t = startSec;
  for (const b of breaks) {
    if (b.startSec - t > 0.001) blocks.push({ kind: 'content', startSec: r3(t), durationSec: r3(b.startSec - t) });
    blocks.push(b);
    t = Math.max(t, b.startSec + b.durationSec);
  }
  if (endSec - t > 0.001) blocks.push({ kind: 'content', startSec: r3(t), durationSec: r3(endSec - t) });
  return { vod, startSec: r3(startSec), endSec: r3(Math.max(endSec, t)), blocks };
}
