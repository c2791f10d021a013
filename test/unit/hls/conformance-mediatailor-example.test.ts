/**
 * The MediaTailor guide's HLS example (test/fixtures/hls: origin manifest-hls-example-02, its
 * personalized output -04) replayed through beginWindow/finishWindow with an ad of the same
 * segment durations, compared for meaning, not bytes (docs/architecture.md §12 conformance): the header keeps
 * the origin media sequence, content before the break is unchanged with absolute URIs, the ad is
 * framed by discontinuities, content resumes inside the break when the ad ends early (no slate),
 * cue tags are gone, and the output lasts the origin's duration within one segment.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createUriResolver } from '../../../src/core/hls/uri-resolver.ts';
import { parsePlaylistForCheck } from '../../helpers/hls-invariants.ts';
import { independentParse } from '../../helpers/independent-parse.ts';
import { ad, StitchSession } from '../../helpers/stitch-session.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/hls/${name}`, import.meta.url), 'utf8');
const ORIGIN = 'https://10380e91fda5e303.mediapackage.us-west-2.amazonaws.com/out/v1/e309ffd02ba8498d864dcaacff7a5ad9/index_1.m3u8';

describe('MediaTailor guide HLS example (origin -02 → personalized -04)', () => {
  const theirs = parsePlaylistForCheck(fixture('manifest-hls-example-04.m3u8'));
  // The ad of their output: the five segments between the two discontinuities.
  const adDurations = theirs.segments.filter((s) => s.uri.includes('/segment/')).map((s) => s.durationSec);
  const s = new StitchSession({ decide: () => [ad('ad', 0, adDurations)], resolver: () => createUriResolver(ORIGIN) });
  const ours = s.serve('v0', fixture('manifest-hls-example-02.m3u8'));
  const origin = parsePlaylistForCheck(fixture('manifest-hls-example-02.m3u8'));

  it('keeps the media sequence and the content before the break as MediaTailor does', () => {
    expect(ours.parsed.mediaSequence).toBe(theirs.mediaSequence);
    expect(ours.parsed.discontinuitySequence).toBe(0);
    expect(ours.parsed.segments.slice(0, 3).map((x) => x.uri)).toEqual(theirs.segments.slice(0, 3).map((x) => x.uri));
  });

  it('plays the ad between discontinuities and resumes content inside the break, cue tags removed', () => {
    const adSegs = ours.parsed.segments.filter((x) => x.uri.includes('ads.example'));
    expect(adSegs.map((x) => x.durationSec)).toEqual(adDurations.map((d) => Number(d.toFixed(3)))); // EXTINF written with 3 decimals
    expect(adSegs.every((x) => x.disc === 1)).toBe(true);
    const after = ours.parsed.segments.filter((x) => x.disc === 2);
    expect(after[0]?.uri).toMatch(/index_1_87799(6[0-4])\.ts/); // inside the break, as in -04
    expect(after.at(-1)?.uri).toBe(theirs.segments.at(-1)?.uri);
    expect(ours.text).not.toMatch(/CUE-OUT|CUE-IN|OATCLS/);
    expect(independentParse(ours.text).warnings).toEqual([]);
  });

  it('lasts the origin duration within one segment (MediaTailor: within one too)', () => {
    const total = (p: typeof origin): number => p.segments.reduce((t, x) => t + x.durationSec, 0);
    const longest = Math.max(...origin.segments.map((x) => x.durationSec));
    expect(Math.abs(total(ours.parsed) - total(origin))).toBeLessThanOrEqual(longest);
    expect(Math.abs(total(theirs) - total(origin))).toBeLessThanOrEqual(longest);
  });
});
