/**
 * @module bench/dash/origin-mpd
 * Generated origin MPDs for the DASH benchmark, shaped like packager output: multi-period, one
 * SegmentTemplate with an explicit SegmentTimeline per AdaptationSet (video: 3 representations,
 * audio: 2 languages, text: 1), 2 s segments with packager jitter (so `r` compresses little),
 * epoch-sized PTOs, and every `breakEvery`-th period starting with a SCTE-35 splice_insert cue-out
 * Event (urn:scte:scte35:2013:xml). Deterministic (seeded).
 */
import { Prng } from '../../test/helpers/prng.ts';

export interface OriginShape {
  readonly type: 'static' | 'dynamic';
  readonly periods: number;
  readonly periodSec: number;
  /** A cue-out at the start of every n-th period (1 = every period). */
  readonly breakEvery: number;
  readonly seed: number;
}

export interface OriginMpd {
  readonly text: string;
  readonly periods: number;
  readonly breaks: number;
  readonly segments: number;
}

function timeline(rng: Prng, ts: number, startT: number, periodSec: number): { s: string; count: number } {
  let s = '';
  let t = startT;
  let count = 0;
  const end = startT + periodSec * ts;
  while (t < end) {
    const d = rng.chance(0.5) ? 2 * ts + rng.int(-ts / 50, ts / 50) : 2 * ts;
    s += `<S${count === 0 ? ` t="${t}"` : ''} d="${d}"/>`;
    t += d;
    count++;
  }
  return { s: `<SegmentTimeline>${s}</SegmentTimeline>`, count };
}

export function originMpd(shape: OriginShape): OriginMpd {
  const rng = new Prng(shape.seed);
  const parts: string[] = [];
  let breaks = 0;
  let segments = 0;
  for (let k = 0; k < shape.periods; k++) {
    const startSec = k * shape.periodSec;
    const isBreak = k % shape.breakEvery === 0;
    if (isBreak) breaks++;
    const event = isBreak
      ? `<EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="90000"><Event presentationTime="0" duration="${shape.periodSec * 90000}" id="${k}"><scte35:SpliceInfoSection protocolVersion="0" ptsAdjustment="0" tier="4095"><scte35:SpliceInsert spliceEventId="${1000 + k}" spliceEventCancelIndicator="false" outOfNetworkIndicator="true" spliceImmediateFlag="false" uniqueProgramId="1" availNum="1" availsExpected="1"><scte35:Program><scte35:SpliceTime ptsTime="${(startSec * 90000) % 2 ** 33}"/></scte35:Program><scte35:BreakDuration autoReturn="true" duration="${shape.periodSec * 90000}"/></scte35:SpliceInsert></scte35:SpliceInfoSection></Event></EventStream>`
      : '';
    const v = timeline(rng, 90000, 1_700_000_000 * 90 + startSec * 90000, shape.periodSec);
    const a = timeline(rng, 48000, 1_700_000_000 * 48 + startSec * 48000, shape.periodSec);
    const tx = timeline(rng, 1000, 1_700_000_000_000 + startSec * 1000, shape.periodSec);
    segments += v.count + 2 * a.count + tx.count;
    const videoPto = 1_700_000_000 * 90 + startSec * 90000;
    const audioPto = 1_700_000_000 * 48 + startSec * 48000;
    const textPto = 1_700_000_000_000 + startSec * 1000;
    parts.push(
      `<Period id="${100000 + k}" start="PT${startSec}S"${shape.type === 'static' ? ` duration="PT${shape.periodSec}S"` : ''}>${event}` +
        `<AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1920" maxHeight="1080" par="16:9"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>` +
        `<SegmentTemplate timescale="90000" presentationTimeOffset="${videoPto}" startNumber="${k * 1000 + 1}" media="video/$RepresentationID$/$Number%09d$.m4s?m=1531257079" initialization="video/$RepresentationID$/init.mp4?m=1531257079">${v.s}</SegmentTemplate>` +
        `<Representation id="v1080" bandwidth="4500000" codecs="avc1.640028" width="1920" height="1080" frameRate="30/1"/><Representation id="v720" bandwidth="2500000" codecs="avc1.64001f" width="1280" height="720" frameRate="30/1"/><Representation id="v360" bandwidth="750000" codecs="avc1.4d401e" width="640" height="360" frameRate="30/1"/></AdaptationSet>` +
        ['eng', 'spa']
          .map(
            (lang, i) =>
              `<AdaptationSet id="${2 + i}" contentType="audio" mimeType="audio/mp4" lang="${lang}" segmentAlignment="true"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="${i === 0 ? 'main' : 'dub'}"/><SegmentTemplate timescale="48000" presentationTimeOffset="${audioPto}" startNumber="${k * 1000 + 1}" media="audio/${lang}/$Number%09d$.m4s" initialization="audio/${lang}/init.mp4">${a.s}</SegmentTemplate><Representation id="a-${lang}" bandwidth="128000" codecs="mp4a.40.2" audioSamplingRate="48000"><AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/></Representation></AdaptationSet>`,
          )
          .join('') +
        `<AdaptationSet id="4" contentType="text" mimeType="application/mp4" codecs="wvtt" lang="eng"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><SegmentTemplate timescale="1000" presentationTimeOffset="${textPto}" startNumber="${k * 1000 + 1}" media="text/$Number%09d$.m4s" initialization="text/init.mp4">${tx.s}</SegmentTemplate><Representation id="t-eng" bandwidth="2000"/></AdaptationSet>` +
        `</Period>`,
    );
  }
  const total = shape.periods * shape.periodSec;
  const head =
    shape.type === 'static'
      ? `type="static" mediaPresentationDuration="PT${total}S"`
      : `type="dynamic" availabilityStartTime="2018-07-01T00:00:00Z" publishTime="2018-07-01T00:${String(Math.floor(total / 60) % 60).padStart(2, '0')}:00Z" minimumUpdatePeriod="PT6S" timeShiftBufferDepth="PT${total}S" suggestedPresentationDelay="PT20S"`;
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" profiles="urn:mpeg:dash:profile:isoff-live:2011" ${head} minBufferTime="PT2S"><BaseURL>https://origin.example/out/v1/abc/</BaseURL>${parts.join('')}</MPD>`;
  return { text, periods: shape.periods, breaks, segments };
}
