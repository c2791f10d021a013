/**
 * @module core/logs/project
 * Events → lines per destination stream, for the formats a configuration enables (docs/architecture.md §8).
 * Pure. The producer runs this on its own isolate so the log shard only stores and batches text.
 */
import type { AdLogEvent } from './events.ts';
import { formatBrightcove } from './format-brightcove.ts';
import { formatMediaTailor, MEDIATAILOR_EVENT_TYPES } from './format-mediatailor.ts';
import { formatUplynk } from './format-uplynk.ts';
import { destinationOf, type AdLogSettings, type AdLogStreamId, type LogDestination } from './log-config.ts';

export interface LogLineGroup {
  readonly destination: LogDestination;
  readonly lines: readonly string[];
}

/**
 * MediaTailor's own type of an event written as the seed's ERROR_UNKNOWN (docs/ad-logs.md
 * "Schema contradictions"), so `ExcludeEventTypes` naming it drops it too; '' for the others.
 */
function ownMediaTailorType(e: AdLogEvent): string {
  if (e.kind === 'ads-resolution-warning') return e.mediatailorEventType;
  if (e.kind === 'overlay-missing') return 'ERROR_VAST_MISSING_OVERLAYS';
  return '';
}

/** Lines of `events` (in order) for every stream `settings` enables; empty groups are left out. */
export function projectAdLogEvents(events: readonly AdLogEvent[], settings: AdLogSettings): LogLineGroup[] {
  const byStream = new Map<AdLogStreamId, string[]>();
  const add = (id: AdLogStreamId, line: string): void => {
    let list = byStream.get(id);
    if (list === undefined) byStream.set(id, (list = []));
    list.push(line);
  };
  const excluded = new Set(settings.excludedEventTypes);
  for (const e of events) {
    for (const format of settings.formats) {
      if (format === 'mediatailor') {
        const type = MEDIATAILOR_EVENT_TYPES[e.kind];
        if (type === undefined || !(excluded.has(type) || excluded.has(ownMediaTailorType(e)))) for (const l of formatMediaTailor(e)) add('mediatailor', l);
      } else if (format === 'brightcove') for (const l of formatBrightcove(e)) add('brightcove', l);
      else for (const r of formatUplynk(e)) add(`uplynk-${r.table}`, r.line);
    }
  }
  return [...byStream].map(([id, lines]) => ({ destination: destinationOf(settings, id), lines }));
}
