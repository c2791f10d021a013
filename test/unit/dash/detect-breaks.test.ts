/**
 * detectDashBreaks on the MediaTailor guide's DASH examples, the dash-mpd-rs SCTE-35 samples and
 * built cases: which events are avails per OriginManifestType, where breaks start, how long they
 * last (and where that came from), stable ids, and unreadable signals reported, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { detectDashBreaks, withoutScteEventStreams, rational, serializeMpd, type DashBreak, type OriginManifestType } from '../../../src/core/dash/index.ts';
import { encodeSpliceInsert, encodeTimeSignal } from '../../../src/core/scte35/index.ts';
import { dashFixture, mustParse, withMinimalAdaptationSet, wrapPeriods } from '../../helpers/dash-fixtures.ts';

const summary = (b: DashBreak): Record<string, unknown> => ({
  id: b.id,
  startSec: b.startSec,
  durationSec: b.durationSec,
  source: b.durationSource,
  kind: b.signal.kind,
  eventId: b.signal.eventId,
});
const detect = (text: string, mode: OriginManifestType) => detectDashBreaks(mustParse(text), mode);
const VIDEO_SET =
  '<AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="90000" media="v/$Number$.m4s" initialization="v/init.mp4" startNumber="1"><SegmentTimeline><S t="0" d="180000" r="29"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="500000" codecs="avc1.42c01e"/></AdaptationSet>';
const b64 = (r: { ok: boolean; value?: { base64: string } }): string => r.value?.base64 ?? '';

describe('MediaTailor guide examples', () => {
  it('splice_insert (multi-period live): the period is the avail, Event@duration wins', () => {
    const d = detect(wrapPeriods(dashFixture('mediatailor/dash-manifest-splice-insert-example-01.xml')), 'MULTI_PERIOD');
    expect(d.breaks.map(summary)).toEqual([{ id: '46041', startSec: 173402.036, durationSec: 105, source: 'event', kind: 'cue-out', eventId: 99 }]);
    expect(d.breaks[0]?.signal.ads).toMatchObject({ event_id: 99, avail_num: 1, avails_expected: 1, unique_program_id: 1 });
  });

  it('time_signal with a placement opportunity start (0x34): cue-out, segmentation event id', () => {
    const d = detect(wrapPeriods(dashFixture('mediatailor/dash-manifest-time-signal-example-01.xml')), 'MULTI_PERIOD');
    expect(d.breaks.map(summary)).toEqual([{ id: '178443', startSec: 346530.25, durationSec: 59, source: 'event', kind: 'cue-out', eventId: 1414668 }]);
    // segmentationTypeId written on <SegmentationUpid> in this example; the UPID is MPU type 12.
    expect(d.breaks[0]?.signal.segmentationTypeId).toBe(0x34);
    expect(d.breaks[0]?.signal.ads.segmentation_type_id).toBe(52);
    expect(d.breaks[0]?.signal.ads.segmentation_upid).toBeDefined();
  });

  it('the ad-marker snippets: splice_insert with BreakDuration, time_signal, and xml+bin with an undecodable second event', () => {
    const close = (s: string): string => `${s.trim()}\n</EventStream>${VIDEO_SET}</Period>`;
    const one = detect(wrapPeriods(close(dashFixture('mediatailor/dash-ad-markers-01.xml'))), 'SINGLE_PERIOD');
    expect(one.breaks.map(summary)).toEqual([{ id: '123586_t0', startSec: 444806.04, durationSec: 15, source: 'event', kind: 'cue-out', eventId: 4026531855 }]);
    const two = detect(wrapPeriods(close(dashFixture('mediatailor/dash-ad-markers-02.xml'))), 'SINGLE_PERIOD');
    expect(two.breaks.map(summary)).toEqual([{ id: '178443_t0', startSec: 346530.25, durationSec: 59, source: 'event', kind: 'cue-out', eventId: 1414668 }]);
    // -03 closes `<scte35:Binary>` with `</Binary>` as the guide prints it: fix the tag, keep the payloads.
    const three = dashFixture('mediatailor/dash-ad-markers-03.xml').replaceAll('</Binary>', '</scte35:Binary>');
    const d = detect(wrapPeriods(close(three)), 'SINGLE_PERIOD');
    expect(d.breaks.map(summary)).toEqual([{ id: '123586_29', startSec: 444806.04 + 1541436240, durationSec: 24, source: 'event', kind: 'cue-out', eventId: 448 }]);
    expect(d.diagnostics.join('\n')).toMatch(/Event 2: SCTE-35 unreadable: table_id/);
  });

  it('dash-ad-markers-04.json is the decoded form of -03 event 29', () => {
    const json = JSON.parse(dashFixture('mediatailor/dash-ad-markers-04.json')) as {
      splice_command: { splice_event_id: number; break_duration: { duration: { pts_time: number } }; unique_program_id: number };
    };
    const three = dashFixture('mediatailor/dash-ad-markers-03.xml').replaceAll('</Binary>', '</scte35:Binary>');
    const b = detect(wrapPeriods(`${three.trim()}\n</EventStream>${VIDEO_SET}</Period>`), 'SINGLE_PERIOD').breaks[0];
    expect(b?.signal.eventId).toBe(json.splice_command.splice_event_id);
    expect(b?.signal.breakDuration90k).toBe(json.splice_command.break_duration.duration.pts_time);
    expect(b?.signal.ads.unique_program_id).toBe(json.splice_command.unique_program_id);
  });

  it('single-period origin (guide example 01 with content): each cue-out event is an avail', () => {
    const origin = dashFixture('mediatailor/single-period-dash-manifest-example-01.xml').replace('<AdaptationSet...\n          </AdaptationSet>', VIDEO_SET);
    const single = detect(wrapPeriods(origin), 'SINGLE_PERIOD');
    expect(single.breaks.map((b) => [b.id, b.startSec, b.durationSec, b.signal.eventId])).toEqual([
      ['1_136', 1550252760, 24, 136],
      ['1_137', 1550252880, 24, 137],
      ['1_138', 1550253000, 24, 138],
    ]);
    // Read as multi-period, only the first event of the period counts.
    expect(detect(wrapPeriods(origin), 'MULTI_PERIOD').breaks.map((b) => b.id)).toEqual(['1']);
  });

  it('VOD origin without markers has no breaks; MediaPackage multi-period live has one at its second period', () => {
    expect(detect(wrapPeriods(dashFixture('mediatailor/dash-manifest-vod-01.xml'), 'static'), 'MULTI_PERIOD').breaks).toEqual([]);
    const mp = detect(dashFixture('mediapackage.xml'), 'MULTI_PERIOD');
    // No duration signalled and the last period is open: the break has no duration yet.
    expect(mp.breaks.map(summary)).toEqual([{ id: '21', startSec: 44.075, durationSec: undefined, source: undefined, kind: 'cue-out', eventId: 1000 }]);
  });
});

describe('dash-mpd-rs SCTE-35 samples', () => {
  it('binary scheme: two splice_inserts with break_duration, at 10 s and 40 s', () => {
    const d = detect(withMinimalAdaptationSet(dashFixture('telestream-binary.xml')), 'SINGLE_PERIOD');
    expect(d.breaks.map(summary)).toEqual([
      { id: 'PT0S_t900000', startSec: 10, durationSec: 19, source: 'break-duration', kind: 'cue-out', eventId: 721 },
      { id: 'PT0S_t3600000', startSec: 40, durationSec: 19, source: 'break-duration', kind: 'cue-out', eventId: 722 },
    ]);
  });

  it('XML scheme: time_signal 0x34 with segmentation_duration, ended by the 0x35 event', () => {
    const d = detect(withMinimalAdaptationSet(dashFixture('telestream-elements.xml')), 'SINGLE_PERIOD');
    expect(d.breaks.map(summary)).toEqual([{ id: 'PT0S_t900000', startSec: 10, durationSec: 30, source: 'segmentation-duration', kind: 'cue-out', eventId: 1 }]);
  });
});

describe('duration precedence and pairing', () => {
  const insert = (o: { id: number; out: boolean; durationSec?: number }): string =>
    `<scte35:SpliceInfoSection><scte35:SpliceInsert spliceEventId="${o.id}" outOfNetworkIndicator="${o.out}" spliceImmediateFlag="false"><scte35:Program><scte35:SpliceTime ptsTime="0"/></scte35:Program>${o.durationSec === undefined ? '' : `<scte35:BreakDuration autoReturn="true" duration="${o.durationSec * 90000}"/>`}</scte35:SpliceInsert></scte35:SpliceInfoSection>`;
  const mpd = (events: string, periodDuration = 'PT60S'): string =>
    wrapPeriods(`<Period id="p" start="PT0S" duration="${periodDuration}"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1000">${events}</EventStream>${VIDEO_SET}</Period>`, 'static');

  it('Event@duration, then BreakDuration, then the matching cue-in, then the period end', () => {
    expect(detect(mpd(`<Event presentationTime="5000" duration="7000" id="1">${insert({ id: 1, out: true, durationSec: 30 })}</Event>`), 'SINGLE_PERIOD').breaks.map(summary)[0]).toMatchObject({
      durationSec: 7,
      source: 'event',
    });
    expect(detect(mpd(`<Event presentationTime="5000" id="1">${insert({ id: 1, out: true, durationSec: 30 })}</Event>`), 'SINGLE_PERIOD').breaks.map(summary)[0]).toMatchObject({
      durationSec: 30,
      source: 'break-duration',
    });
    const paired = `<Event presentationTime="5000" id="1">${insert({ id: 7, out: true })}</Event><Event presentationTime="17500" id="2">${insert({ id: 7, out: false })}</Event>`;
    expect(detect(mpd(paired), 'SINGLE_PERIOD').breaks.map(summary)).toEqual([{ id: 'p_1', startSec: 5, durationSec: 12.5, source: 'cue-in', kind: 'cue-out', eventId: 7 }]);
    expect(detect(mpd(`<Event presentationTime="5000" id="1">${insert({ id: 1, out: true })}</Event>`), 'SINGLE_PERIOD').breaks.map(summary)[0]).toMatchObject({
      durationSec: 55,
      source: 'period-end',
    });
  });

  it('a zero duration is kept (a VOD insertion point)', () => {
    const b = detect(mpd(`<Event presentationTime="0" duration="0">${insert({ id: 1, out: true })}</Event>`), 'MULTI_PERIOD').breaks[0];
    expect(b?.duration).toEqual(rational.rat(0n));
    expect(b?.durationSource).toBe('event');
  });

  it('binary time_signal with a distributor placement opportunity start and a segmentation duration', () => {
    const sig = b64(encodeTimeSignal({ ptsTime90k: 900000, segmentationDescriptors: [{ segmentationEventId: 55, segmentationTypeId: 0x36, segmentationDuration90k: 20 * 90000 }] }));
    const text = wrapPeriods(
      `<Period id="p" start="PT0S" duration="PT60S"><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000"><Event presentationTime="900000"><scte35:Signal><scte35:Binary>${sig}</scte35:Binary></scte35:Signal></Event></EventStream>${VIDEO_SET}</Period>`,
      'static',
    );
    expect(detect(text, 'SINGLE_PERIOD').breaks.map(summary)).toEqual([{ id: 'p_t900000', startSec: 10, durationSec: 20, source: 'segmentation-duration', kind: 'cue-out', eventId: 55 }]);
  });

  it('the same splice signalled in both schemes is one avail; a cue-in or a cancelled splice is none', () => {
    const bin = b64(encodeSpliceInsert({ spliceEventId: 9, outOfNetworkIndicator: true, ptsTime90k: 0, breakDuration: { autoReturn: true, duration90k: 30 * 90000 } }));
    const cancel = b64(encodeSpliceInsert({ spliceEventId: 10, spliceEventCancelIndicator: true, outOfNetworkIndicator: true }));
    const text = wrapPeriods(
      `<Period id="p" start="PT0S" duration="PT60S"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1"><Event presentationTime="10">${insert({ id: 9, out: true, durationSec: 30 })}</Event></EventStream><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="1"><Event presentationTime="10"><scte35:Signal><scte35:Binary>${bin}</scte35:Binary></scte35:Signal></Event><Event presentationTime="50"><scte35:Signal><scte35:Binary>${cancel}</scte35:Binary></scte35:Signal></Event></EventStream>${VIDEO_SET}</Period>`,
      'static',
    );
    const d = detect(text, 'SINGLE_PERIOD');
    expect(d.breaks.map((b) => [b.id, b.startSec, b.scheme])).toEqual([['p_t10', 10, 'xml']]);
    expect(d.diagnostics.join('\n')).toMatch(/repeat of splice event 9/);
    expect(d.diagnostics.join('\n')).toMatch(/cancels event/);
  });

  it('EventStream@presentationTimeOffset and period start place the break on the MPD timeline', () => {
    const text = wrapPeriods(
      `<Period id="a" start="PT0S" duration="PT100S">${VIDEO_SET}</Period><Period id="b" start="PT100S" duration="PT60S"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="90000" presentationTimeOffset="900000000"><Event presentationTime="901800000">${insert({ id: 3, out: true, durationSec: 15 })}</Event></EventStream>${VIDEO_SET}</Period>`,
      'static',
    );
    const b = detect(text, 'SINGLE_PERIOD').breaks[0];
    expect([b?.startSec, b?.offset, b?.periodIndex]).toEqual([120, rational.rat(20n), 1]);
  });

  it('garbage signals are reported, never thrown', () => {
    const text = wrapPeriods(
      `<Period id="p" start="PT0S" duration="PT60S"><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin"><Event presentationTime="1"><Signal><Binary>!!not base64!!</Binary></Signal></Event><Event presentationTime="2"/></EventStream><EventStream schemeIdUri="urn:scte:scte35:2013:xml"><Event presentationTime="3"><scte35:SpliceInfoSection><scte35:SpliceSchedule/></scte35:SpliceInfoSection></Event><Event presentationTime="4"><scte35:SpliceInfoSection><scte35:SpliceInsert spliceEventId="99999999999" outOfNetworkIndicator="true"/></scte35:SpliceInfoSection></Event></EventStream>${VIDEO_SET}</Period>`,
      'static',
    );
    const d = detect(text, 'SINGLE_PERIOD');
    expect(d.breaks).toEqual([]);
    expect(d.diagnostics).toHaveLength(4);
  });
});

describe('ids and consumption', () => {
  it('ids stay the same when the live window slides (periods leave, events are re-read)', () => {
    const period = (id: string, startSec: number): string =>
      `<Period id="${id}" start="PT${startSec}S"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1"><Event presentationTime="0" duration="30"><scte35:SpliceInfoSection><scte35:SpliceInsert spliceEventId="${startSec}" outOfNetworkIndicator="true"/></scte35:SpliceInfoSection></Event></EventStream>${VIDEO_SET}</Period>`;
    const before = detect(wrapPeriods(period('c1', 0) + period('c2', 60) + period('c3', 120)), 'MULTI_PERIOD');
    const after = detect(wrapPeriods(period('c2', 60) + period('c3', 120) + period('c4', 180)), 'MULTI_PERIOD');
    expect(before.breaks.map((b) => b.id)).toEqual(['c1', 'c2', 'c3']);
    expect(after.breaks.map((b) => [b.id, b.startSec])).toEqual([
      ['c2', 60],
      ['c3', 120],
      ['c4', 180],
    ]);
  });

  it('withoutScteEventStreams removes only SCTE-35 EventStreams', () => {
    const text = wrapPeriods(
      `<Period id="p" start="PT0S" duration="PT60S"><EventStream schemeIdUri="urn:scte:scte35:2013:xml"/><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin"/><EventStream schemeIdUri="https://aomedia.org/emsg/ID3"/>${VIDEO_SET}</Period>`,
      'static',
    );
    const m = mustParse(text);
    const out = serializeMpd({ ...m.doc, root: { ...m.doc.root, children: m.doc.root.children.map((c) => (c.kind === 'element' && c.name === 'Period' ? withoutScteEventStreams(c) : c)) } });
    expect(out).not.toContain('urn:scte:scte35');
    expect(out).toContain('https://aomedia.org/emsg/ID3');
  });
});
