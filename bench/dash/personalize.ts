/**
 * @module bench/dash/personalize
 * The DASH personalization path the benchmark times: parse, detect breaks, build ad periods,
 * stitch (VOD: insert two ads at every break; live: the ads replace the break), Location,
 * publishTime, serialize; and the baseline: fast-xml-parser parse + build of the same MPD,
 * unchanged (preserveOrder, the options core/dash/xml parses with).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  buildAdPeriod,
  childElements,
  detectDashBreaks,
  keepPublishTimeMonotonic,
  parseMpd,
  rational,
  serializeMpd,
  setLocation,
  stitchBreaks,
  withRoot,
  type BreakEdit,
  type DashCreative,
} from '../../src/core/dash/index.ts';

const { rat } = rational;

const ad = (id: string, seconds: number): DashCreative => ({
  id,
  renditions: [
    ...[
      ['v0', 1_500_000, 1280, 720],
      ['v1', 600_000, 640, 360],
    ].map(([rid, bw, w, h]) => ({
      id: String(rid),
      kind: 'video' as const,
      mimeType: 'video/mp4',
      codecs: 'avc1.64001f',
      bandwidth: Number(bw),
      width: Number(w),
      height: Number(h),
      frameRate: '30',
      timescale: 90000,
      initialization: `${rid}/init.mp4`,
      segments: { kind: 'template' as const, media: `${rid}/$Number%09d$.mp4`, startNumber: 1, segmentDurations: Array.from({ length: seconds / 2 }, () => 180000) },
    })),
    {
      id: 'a0',
      kind: 'audio',
      lang: 'eng',
      mimeType: 'audio/mp4',
      codecs: 'mp4a.40.2',
      bandwidth: 128000,
      channels: 2,
      audioSamplingRate: 48000,
      timescale: 48000,
      initialization: 'a0/init.mp4',
      segments: { kind: 'template', media: 'a0/$Number%09d$.mp4', startNumber: 1, segmentDurations: Array.from({ length: seconds / 2 }, () => 96000) },
    },
  ],
});
const ADS = [ad('ad-a', 10), ad('ad-b', 14)];

export interface Personalized {
  readonly text: string;
  readonly breaks: number;
  readonly adPeriods: number;
}

export function personalize(text: string, mode: 'insert' | 'replace'): Personalized {
  const parsed = parseMpd(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const mpd = parsed.value;
  const found = detectDashBreaks(mpd, 'MULTI_PERIOD');
  const periods = childElements(mpd.doc.root, 'Period');
  let adPeriods = 0;
  const edits: BreakEdit[] = found.breaks.map((b) => {
    const content = periods[b.periodIndex];
    if (!content) throw new Error('no period');
    const inserted = ADS.map((creative, i) => {
      const duration = rat(BigInt(i === 0 ? 10 : 14));
      adPeriods++;
      return {
        period: buildAdPeriod({ id: `${b.id}_${i + 1}`, start: rat(0n), duration, baseUrl: `https://edge.example/v1/dashsegment/acct/cfg/session/${b.id}/${b.id}_${i + 1}/`, creative, content })
          .period,
        duration,
      };
    });
    return { periodIndex: b.periodIndex, offset: b.offset, mode, ...(b.duration ? { replaceDuration: b.duration } : {}), periods: inserted };
  });
  const stitched = stitchBreaks(mpd, edits);
  let root = stitched.doc.root;
  if (mode === 'replace') root = keepPublishTimeMonotonic(setLocation(root, 'https://edge.example/v1/dash/acct/cfg/live.mpd?aws.sessionId=s'), undefined).mpd;
  return { text: serializeMpd(withRoot(stitched.doc, root)), breaks: found.breaks.length, adPeriods };
}

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
} as const;
const fxpParser = new XMLParser(OPTIONS);
const fxpBuilder = new XMLBuilder({ ...OPTIONS, suppressEmptyNode: true, format: false });

/** fast-xml-parser parse + build, nothing changed: the floor the budget is a ratio to. */
export function fxpRoundTrip(text: string): string {
  return fxpBuilder.build(fxpParser.parse(text)) as string;
}
