/**
 * @module core/hls/markers
 * Reads HLS ad-marker lines into signals (DESIGN §6; contracts §6.1; pitfalls #1): 
 * `EXT-X-CUE-OUT` (`:30`, `:30.000`, `:DURATION=30`, bare, `:0` insertion point),
 * `EXT-X-CUE-OUT-CONT` (`ElapsedTime=…,Duration=…,SCTE35=…` and `6.006/90.02`), `EXT-X-CUE-IN`,
 * `EXT-X-DATERANGE` with `SCTE35-OUT`/`SCTE35-IN`/`SCTE35-CMD` and `DURATION`/`PLANNED-DURATION`,
 * `EXT-OATCLS-SCTE35`, `EXT-X-SPLICEPOINT-SCTE35`, `EXT-X-SCTE35` (CUE-OUT/CUE-IN attributes) and
 * `EXT-X-ASSET` (for `[asset.*]`). A SCTE-35 overlay placement opportunity start (0x38/0x3A) in
 * OATCLS, SPLICEPOINT, EXT-X-SCTE35 or a DATERANGE is an overlay, never a linear break (MediaTailor
 * "Overlay ads"). Pure; never throws.
 */
import { classifyAvailSignal, decodeScte35, type AvailSignal } from '../scte35/index.ts';
import { parseAttributeList } from './attributes.ts';
import { tagName, tagValue } from './lines.ts';

export type MarkerSignal =
  | {
      readonly kind: 'out';
      /** The break duration: the tag's own, else the SCTE-35 one. */
      readonly durationSec?: number;
      /** The duration written in the tag itself (not decoded from a binary): it outranks a binary's. */
      readonly tagDurationSec?: number;
      readonly eventId?: string;
      /** The binary's splice/segmentation event id when `eventId` is a DATERANGE ID (SCTE35-CMD). */
      readonly scteEventId?: string;
      readonly scte?: AvailSignal;
      readonly line: string;
    }
  | { readonly kind: 'cont'; readonly elapsedSec?: number; readonly durationSec?: number; readonly scte?: AvailSignal; readonly line: string }
  | { readonly kind: 'in'; readonly eventId?: string; readonly scteEventId?: string; readonly line: string }
  /** An overlay placement opportunity (SCTE 35 segmentation type 0x38/0x3A): non-linear, content stays. */
  | { readonly kind: 'overlay'; readonly durationSec?: number; readonly eventId?: string; readonly scte: AvailSignal; readonly line: string }
  | { readonly kind: 'asset'; readonly attrs: Readonly<Record<string, string>>; readonly line: string };

/** Signals carried by one marker line (`EXT-X-CUE-OUT`, OATCLS, …). */
export function readMarkerLine(line: string): MarkerSignal[] {
  const tag = tagName(line);
  const value = tagValue(line).trim();
  switch (tag) {
    case 'EXT-X-CUE-OUT': {
      const durationSec = parseCueOutDuration(value);
      const attrs = value.includes('=') ? parseAttributeList(value) : undefined;
      const scte = decodeSignal(attrs?.get('CUE') ?? attrs?.get('SCTE35'));
      const id = attrs?.get('ID');
      return [{ kind: 'out', ...opt('durationSec', durationSec ?? scte?.durationSec), ...opt('tagDurationSec', durationSec), ...opt('eventId', id ?? eventIdOf(scte)), ...opt('scte', scte), line }];
    }
    case 'EXT-X-CUE-OUT-CONT': {
      const slash = /^([\d.]+)\/([\d.]+)$/.exec(value);
      if (slash) return [{ kind: 'cont', elapsedSec: Number(slash[1]), durationSec: Number(slash[2]), line }];
      const a = parseAttributeList(value);
      const scte = decodeSignal(a.get('SCTE35'));
      return [{ kind: 'cont', ...opt('elapsedSec', num(a.get('ElapsedTime'))), ...opt('durationSec', num(a.get('Duration')) ?? scte?.durationSec), ...opt('scte', scte), line }];
    }
    case 'EXT-X-CUE-IN':
      return [{ kind: 'in', line }];
    case 'EXT-OATCLS-SCTE35':
    case 'EXT-X-SPLICEPOINT-SCTE35':
      return fromScte(decodeSignal(value), line);
    case 'EXT-X-SCTE35': {
      const a = parseAttributeList(value);
      const scte = decodeSignal(a.get('CUE'));
      if (a.get('CUE-IN') === 'YES') return [{ kind: 'in', ...opt('eventId', a.get('ID') ?? eventIdOf(scte)), line }];
      if (a.get('CUE-OUT') === 'YES') {
        const tagDurationSec = num(a.get('DURATION'));
        return [{ kind: 'out', ...opt('durationSec', tagDurationSec ?? scte?.durationSec), ...opt('tagDurationSec', tagDurationSec), ...opt('eventId', a.get('ID') ?? eventIdOf(scte)), ...opt('scte', scte), line }];
      }
      if (a.get('CUE-OUT') === 'CONT') return [{ kind: 'cont', ...opt('scte', scte), line }];
      return fromScte(scte, line);
    }
    case 'EXT-X-ASSET':
      return [{ kind: 'asset', attrs: Object.fromEntries(parseAttributeList(value)), line }];
    default:
      return [];
  }
}

/**
 * Signals of an `EXT-X-DATERANGE` line (RFC 8216bis §4.4.5.1, §4.4.5.1.4 "Mapping SCTE-35 into
 * EXT-X-DATERANGE"). START-DATE is ignored for placement: the tag applies at the segment it
 * precedes (contracts §6.1).
 */
export function readDateRangeLine(line: string): MarkerSignal[] {
  if (!line.includes('SCTE35-')) return [];
  const a = parseAttributeList(tagValue(line));
  const id = a.get('ID');
  const durationSec = num(a.get('DURATION')) ?? num(a.get('PLANNED-DURATION')) ?? endMinusStart(a.get('START-DATE'), a.get('END-DATE'));
  const out = a.get('SCTE35-OUT');
  const back = a.get('SCTE35-IN');
  const cmd = a.get('SCTE35-CMD');
  if (out !== undefined) {
    const scte = decodeSignal(out);
    if (scte?.kind === 'overlay-start') return fromScte(scte, line).map((o) => dateRangeOverlay(o, id, durationSec));
    return [{ kind: 'out', ...opt('durationSec', durationSec ?? scte?.durationSec), ...opt('tagDurationSec', durationSec), ...opt('eventId', id), ...opt('scte', scte), line }];
  }
  if (back !== undefined) return [{ kind: 'in', ...opt('eventId', id), line }];
  if (cmd !== undefined) {
    // The DATERANGE ID names the signal; the segmentation_event_id still pairs a 0x35 end with its
    // 0x34 start when each time_signal comes in a DATERANGE of its own ID (SCTE 35 §10.3.3).
    const signals = fromScte(decodeSignal(cmd), line);
    return signals.map((s) => ((s.kind === 'out' || s.kind === 'in') && id ? { ...s, eventId: id, ...opt('scteEventId', s.eventId) } : dateRangeOverlay(s, id, durationSec)));
  }
  return [];
}

/** An overlay signalled in a DATERANGE is named by its ID and lasts its DURATION, when it has them. */
function dateRangeOverlay(s: MarkerSignal, id: string | undefined, durationSec: number | undefined): MarkerSignal {
  if (s.kind !== 'overlay') return s;
  return { ...s, ...opt('eventId', id ?? s.eventId), ...opt('durationSec', durationSec ?? s.durationSec) };
}

function fromScte(scte: AvailSignal | undefined, line: string): MarkerSignal[] {
  if (!scte) return [];
  if (scte.kind === 'cue-out') return [{ kind: 'out', ...opt('durationSec', scte.durationSec), ...opt('eventId', eventIdOf(scte)), scte, line }];
  if (scte.kind === 'cue-in') return [{ kind: 'in', ...opt('eventId', eventIdOf(scte)), line }];
  if (scte.kind === 'overlay-start') return [{ kind: 'overlay', ...opt('durationSec', scte.durationSec), ...opt('eventId', eventIdOf(scte)), scte, line }];
  return [];
}

/** `30`, `30.000`, `DURATION=30`, bare → undefined. A malformed value yields undefined, not a throw. */
function parseCueOutDuration(value: string): number | undefined {
  if (value === '') return undefined;
  if (/^[\d.]+$/.test(value)) return num(value);
  return num(parseAttributeList(value).get('DURATION'));
}

/**
 * Decoded signals by payload text. A break repeats its cue-out section on every CUE-OUT-CONT
 * line, and a live session re-reads every line on every reload: without this, one SCTE-35 decode
 * per in-break segment per request. Bounded; AvailSignal values are never mutated.
 */
const decodedSignals = new Map<string, AvailSignal | null>();
const DECODED_SIGNALS_MAX = 512;

/** Decodes base64 or 0x-hex SCTE-35; a section that does not decode is ignored (no signal). */
function decodeSignal(payload: string | undefined): AvailSignal | undefined {
  if (!payload) return undefined;
  const hit = decodedSignals.get(payload);
  if (hit !== undefined) return hit ?? undefined;
  const decoded = decodeScte35(payload.trim());
  const signal = decoded.ok ? classifyAvailSignal(decoded.section) : undefined;
  if (decodedSignals.size >= DECODED_SIGNALS_MAX) decodedSignals.clear();
  decodedSignals.set(payload, signal ?? null);
  return signal;
}

function eventIdOf(scte: AvailSignal | undefined): string | undefined {
  return scte?.eventId === undefined ? undefined : String(scte.eventId);
}

function endMinusStart(start: string | undefined, end: string | undefined): number | undefined {
  if (!start || !end) return undefined;
  const d = (Date.parse(end) - Date.parse(start)) / 1000;
  return Number.isFinite(d) && d >= 0 ? d : undefined;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
