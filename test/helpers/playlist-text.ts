/**
 * Writes small media playlists for tests: a number is a segment of that many seconds (URI
 * `seg{seq}.ts`), a string is a tag line placed where it stands.
 */
import { encodeSpliceInsert, encodeTimeSignal } from '../../src/core/scte35/index.ts';

export interface PlaylistTextOptions {
  readonly mediaSequence?: number;
  readonly discontinuitySequence?: number;
  readonly targetSec?: number;
  readonly endList?: boolean;
  readonly version?: number;
}

export function playlistText(entries: readonly (string | number)[], o: PlaylistTextOptions = {}): string {
  const ms = o.mediaSequence ?? 100;
  const durations = entries.filter((e): e is number => typeof e === 'number');
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${o.version ?? 3}`,
    `#EXT-X-TARGETDURATION:${o.targetSec ?? Math.max(1, ...durations.map((d) => Math.round(d)))}`,
    `#EXT-X-MEDIA-SEQUENCE:${ms}`,
    ...(o.discontinuitySequence !== undefined ? [`#EXT-X-DISCONTINUITY-SEQUENCE:${o.discontinuitySequence}`] : []),
  ];
  let seq = ms;
  for (const e of entries) {
    if (typeof e === 'number') lines.push(`#EXTINF:${e.toFixed(3)},`, `seg${seq++}.ts`);
    else lines.push(e);
  }
  if (o.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** splice_insert cue-out (base64) with a break duration. */
export function spliceOut(eventId: number, durationSec?: number): string {
  const r = encodeSpliceInsert({
    spliceEventId: eventId,
    outOfNetworkIndicator: true,
    ptsTime90k: 900_000,
    ...(durationSec !== undefined ? { breakDuration: { autoReturn: true, duration90k: Math.round(durationSec * 90_000) } } : {}),
  });
  if (!r.ok) throw new Error(r.error);
  return r.value.base64;
}

/** splice_insert cue-in (base64). */
export function spliceIn(eventId: number): string {
  const r = encodeSpliceInsert({ spliceEventId: eventId, outOfNetworkIndicator: false, ptsTime90k: 3_600_000 });
  if (!r.ok) throw new Error(r.error);
  return r.value.base64;
}

/** time_signal with one segmentation descriptor (0x34 PPO start, 0x35 PPO end, …) as 0x-hex. */
export function timeSignalHex(segmentationEventId: number, segmentationTypeId: number, durationSec?: number): string {
  const r = encodeTimeSignal({
    ptsTime90k: 900_000,
    segmentationDescriptors: [{ segmentationEventId, segmentationTypeId, ...(durationSec !== undefined ? { segmentationDuration90k: Math.round(durationSec * 90_000) } : {}) }],
  });
  if (!r.ok) throw new Error(r.error);
  return `0x${r.value.hex.replace(/^0x/i, '')}`;
}
