/**
 * @module core/scte35/splice-commands
 * Splice command decoders (ANSI/SCTE 35 2023r1 §9.7: splice_null, splice_schedule, splice_insert,
 * time_signal, bandwidth_reservation, private_command) and the splice_time() / break_duration()
 * structures they share (§9.8). Pure.
 *
 * Each decoder reads from a BitReader bounded to the command; running out of bytes shows up as
 * `reader.overrun`, which the section decoder turns into an error value.
 */

import type { BitReader } from './bit-reader.ts';
import { bytesToHex, bytesToLatin1 } from './byte-encoding.ts';
import { SPLICE_COMMAND_TYPE } from './names.ts';
import type { BreakDuration, SpliceCommand, SpliceInsert, SpliceInsertComponent, SpliceSchedule, SpliceScheduleComponent, SpliceScheduleEvent, SpliceTime } from './types.ts';

/** splice_time(): time_specified_flag, then 6 reserved + 33-bit pts_time, or 7 reserved. */
export function readSpliceTime(r: BitReader): SpliceTime {
  const timeSpecifiedFlag = r.flag();
  if (!timeSpecifiedFlag) {
    r.skip(7);
    return { timeSpecifiedFlag };
  }
  r.skip(6);
  return { timeSpecifiedFlag, ptsTime90k: r.bits(33) };
}

/** break_duration(): auto_return, 6 reserved, 33-bit duration. */
export function readBreakDuration(r: BitReader): BreakDuration {
  const autoReturn = r.flag();
  r.skip(6);
  return { autoReturn, duration90k: r.bits(33) };
}

/**
 * Decodes the command of `spliceCommandType` from `r`. `lengthKnown` is false for the legacy
 * splice_command_length 0xFFF, where a command without its own structure (private or reserved)
 * cannot be delimited: that case returns undefined.
 */
export function readSpliceCommand(spliceCommandType: number, r: BitReader, lengthKnown: boolean): SpliceCommand | undefined {
  switch (spliceCommandType) {
    case SPLICE_COMMAND_TYPE.splice_null:
      return { type: 'splice_null' };
    case SPLICE_COMMAND_TYPE.splice_schedule:
      return readSpliceSchedule(r);
    case SPLICE_COMMAND_TYPE.splice_insert:
      return readSpliceInsert(r);
    case SPLICE_COMMAND_TYPE.time_signal:
      return { type: 'time_signal', spliceTime: readSpliceTime(r) };
    case SPLICE_COMMAND_TYPE.bandwidth_reservation:
      return { type: 'bandwidth_reservation' };
    case SPLICE_COMMAND_TYPE.private_command: {
      if (!lengthKnown) return undefined;
      const id = r.bytes(4);
      return {
        type: 'private_command',
        identifier: (((id[0] ?? 0) << 24) | ((id[1] ?? 0) << 16) | ((id[2] ?? 0) << 8) | (id[3] ?? 0)) >>> 0,
        identifierText: bytesToLatin1(id),
        privateBytesHex: bytesToHex(r.rest()),
      };
    }
    default:
      return lengthKnown ? { type: 'unknown', bytesHex: bytesToHex(r.rest()) } : undefined;
  }
}

/** splice_insert() (§9.7.3). */
function readSpliceInsert(r: BitReader): SpliceInsert {
  const spliceEventId = r.bits(32);
  const spliceEventCancelIndicator = r.flag();
  r.skip(7);
  if (spliceEventCancelIndicator) return { type: 'splice_insert', spliceEventId, spliceEventCancelIndicator };

  const outOfNetworkIndicator = r.flag();
  const programSpliceFlag = r.flag();
  const durationFlag = r.flag();
  const spliceImmediateFlag = r.flag();
  // event_id_compliance_flag took the first of the four reserved bits in SCTE 35 2022.
  const eventIdComplianceFlag = r.flag();
  r.skip(3);

  let spliceTime: SpliceTime | undefined;
  let components: SpliceInsertComponent[] | undefined;
  if (programSpliceFlag) {
    if (!spliceImmediateFlag) spliceTime = readSpliceTime(r);
  } else {
    const componentCount = r.bits(8);
    components = [];
    for (let i = 0; i < componentCount && !r.overrun; i++) {
      const componentTag = r.bits(8);
      components.push(spliceImmediateFlag ? { componentTag } : { componentTag, spliceTime: readSpliceTime(r) });
    }
  }
  const breakDuration = durationFlag ? readBreakDuration(r) : undefined;
  const uniqueProgramId = r.bits(16);
  const availNum = r.bits(8);
  const availsExpected = r.bits(8);
  return {
    type: 'splice_insert',
    spliceEventId,
    spliceEventCancelIndicator,
    outOfNetworkIndicator,
    programSpliceFlag,
    durationFlag,
    spliceImmediateFlag,
    eventIdComplianceFlag,
    ...(spliceTime === undefined ? {} : { spliceTime }),
    ...(components === undefined ? {} : { components }),
    ...(breakDuration === undefined ? {} : { breakDuration }),
    uniqueProgramId,
    availNum,
    availsExpected,
  };
}

/** splice_schedule() (§9.7.2): splice_count events, each timed by 32-bit utc_splice_time. */
function readSpliceSchedule(r: BitReader): SpliceSchedule {
  const spliceCount = r.bits(8);
  const events: SpliceScheduleEvent[] = [];
  for (let i = 0; i < spliceCount && !r.overrun; i++) {
    const spliceEventId = r.bits(32);
    const spliceEventCancelIndicator = r.flag();
    const eventIdComplianceFlag = r.flag();
    r.skip(6);
    if (spliceEventCancelIndicator) {
      events.push({ spliceEventId, spliceEventCancelIndicator, eventIdComplianceFlag });
      continue;
    }
    const outOfNetworkIndicator = r.flag();
    const programSpliceFlag = r.flag();
    const durationFlag = r.flag();
    r.skip(5);
    let utcSpliceTime: number | undefined;
    let components: SpliceScheduleComponent[] | undefined;
    if (programSpliceFlag) {
      utcSpliceTime = r.bits(32);
    } else {
      const componentCount = r.bits(8);
      components = [];
      for (let j = 0; j < componentCount && !r.overrun; j++) {
        components.push({ componentTag: r.bits(8), utcSpliceTime: r.bits(32) });
      }
    }
    const breakDuration = durationFlag ? readBreakDuration(r) : undefined;
    events.push({
      spliceEventId,
      spliceEventCancelIndicator,
      eventIdComplianceFlag,
      outOfNetworkIndicator,
      programSpliceFlag,
      durationFlag,
      ...(utcSpliceTime === undefined ? {} : { utcSpliceTime }),
      ...(components === undefined ? {} : { components }),
      ...(breakDuration === undefined ? {} : { breakDuration }),
      uniqueProgramId: r.bits(16),
      availNum: r.bits(8),
      availsExpected: r.bits(8),
    });
  }
  return { type: 'splice_schedule', events };
}
