/**
 * @module test/e2e/playback-facts
 * Reads what the end-to-end tests assert on out of raw observations: which kind of media the
 * playhead went through (ad or content runs, from the fragment URLs: ads are `/v1/segment/`
 * redirects, content is the origin's media), which ads a stitched playlist holds, and the beacon
 * sink's hits grouped per ad in arrival order. Pure functions, so a failure message can show them.
 */
import type { PlayedFrag } from './player-harness.ts';

export const AD_EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'] as const;

export type MediaKind = 'ad' | 'content' | 'other';

export function kindOf(url: string): MediaKind {
  if (url.includes('/v1/segment/')) return 'ad';
  if (url.includes('/demo/media/content/')) return 'content';
  return 'other';
}

/** Consecutive fragments of the same kind collapsed: e.g. ['ad', 'content', 'ad', 'content']. */
export function runs(frags: readonly PlayedFrag[]): MediaKind[] {
  const out: MediaKind[] = [];
  for (const f of frags) {
    const k = kindOf(f.url);
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

export interface PlaylistAd {
  /** Output media sequence numbers of the ad's segments (the `{seq}` of `/v1/segment/…/{n}/{seq}`). */
  readonly seqs: number[];
}

/**
 * The ads of a stitched media playlist: runs of `/segment/` lines between discontinuities. Slate
 * fill is served from the same route, so callers that care tell them apart by duration or beacons.
 */
export function playlistAds(text: string): PlaylistAd[] {
  const ads: PlaylistAd[] = [];
  let current: number[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXT-X-DISCONTINUITY') && !line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE')) current = undefined;
    const m = /\/segment\/[^/]+\/[^/]+\/[^/]+\/\d+\/(\d+)\s*$/.exec(line);
    if (m) {
      if (!current) ads.push({ seqs: (current = []) });
      current.push(Number(m[1]));
    } else if (line.length > 0 && !line.startsWith('#')) {
      current = undefined;
    }
  }
  return ads;
}

export interface BeaconHit {
  event: string;
  url: string;
  userAgent: string;
}

/** Ad beacons (the sink also records the ADS requests) grouped by `avail` + `ad`, in arrival order. */
export function beaconsPerAd(hits: readonly BeaconHit[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const h of hits) {
    if (h.event === 'ads-request') continue;
    const q = new URL(h.url).searchParams;
    const key = `${q.get('avail') ?? '?'}/${q.get('ad') ?? '?'}`;
    groups.set(key, [...(groups.get(key) ?? []), h.event]);
  }
  return groups;
}

/** True when `events` is `AD_EVENTS` or a leading part of it (so far, in order, none twice). */
export function isOrderedPrefix(events: readonly string[]): boolean {
  return events.every((e, i) => AD_EVENTS[i] === e);
}
