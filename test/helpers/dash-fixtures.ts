/**
 * DASH fixtures for the tests (test/fixtures/dash/README.md): whole MPDs, and the MediaTailor
 * guide's Period fragments wrapped in an MPD root so that they parse.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMpd, type ParsedMpd } from '../../src/core/dash/index.ts';

const DIR = fileURLToPath(new URL('../fixtures/dash/', import.meta.url));

export function dashFixture(name: string): string {
  return readFileSync(DIR + name, 'utf8');
}

/** Whole MPDs (root `MPD`) among the fixtures. */
export const WHOLE_MPDS = ['dashif-live-atoinf.mpd', 'mediapackage.xml', 'telestream-binary.xml', 'telestream-elements.xml', 'mediatailor/dash-manifest-vod-02.mpd'] as const;

/** Guide examples that are one or more complete Period elements. */
export const PERIOD_FRAGMENTS = [
  'mediatailor/dash-manifest-splice-insert-example-01.xml',
  'mediatailor/dash-manifest-splice-insert-example-02.xml',
  'mediatailor/dash-manifest-time-signal-example-01.xml',
  'mediatailor/dash-manifest-time-signal-example-02.xml',
  'mediatailor/dash-manifest-vod-01.xml',
  'mediatailor/single-period-dash-manifest-example-02.xml',
] as const;

/** A Period fragment inside an MPD root that declares the prefixes the guide uses. */
export function wrapPeriods(periods: string, type: 'static' | 'dynamic' = 'dynamic', extra = ''): string {
  const live = type === 'dynamic' ? ' availabilityStartTime="1970-01-01T00:00:00Z" publishTime="2018-07-27T09:35:44Z" minimumUpdatePeriod="PT2S"' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="${type}"${live}${extra}>\n${periods}\n</MPD>\n`;
}

export function mustParse(text: string): ParsedMpd {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * The Telestream samples carry only EventStreams: a Period without AdaptationSet, which we refuse.
 * For signal tests a minimal video AdaptationSet is added after each EventStream.
 */
export function withMinimalAdaptationSet(mpd: string): string {
  return mpd.replace(
    /<\/EventStream>/g,
    '</EventStream>\n    <AdaptationSet contentType="video" mimeType="video/mp4"><Representation id="v" bandwidth="500000" codecs="avc1.42c01e" width="640" height="360"><BaseURL>v.mp4</BaseURL><SegmentBase indexRange="0-999"/></Representation></AdaptationSet>',
  );
}
