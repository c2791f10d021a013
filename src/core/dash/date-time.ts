/**
 * @module core/dash/date-time
 * xs:dateTime values of the MPD (`@availabilityStartTime`, `@publishTime`,
 * `@availabilityEndTime`; ISO/IEC 23009-1 §5.3.1.3) ⇄ epoch milliseconds. Pure.
 *
 * Not `Date.parse`: it reads a time without a zone as local time, while MPDs without a zone mean
 * UTC (as dash.js and Shaka read them).
 */

const DATE_TIME = /^(\d{4,6})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,12}))?(Z|[+-]\d\d:?\d\d)?$/;

/** xs:dateTime → epoch ms (fraction truncated to the millisecond), or undefined when unreadable. */
export function parseDateTimeMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
  return Number.isFinite(utc) ? utc : undefined;
}

/** Epoch ms → `2026-01-01T00:00:00.000Z`, or `…:00Z` when the value is whole seconds. */
export function formatDateTimeMs(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
}
