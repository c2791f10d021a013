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

/**
 * Epoch ms → `2026-01-01T00:00:00.005Z`, or `…:00Z` when the value is whole seconds. Computed
 * (days → civil date, H. Hinnant's algorithm) rather than through a Date object, so core stays
 * free of anything clock-shaped.
 */
export function formatDateTimeMs(ms: number): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  const inDay = t - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor((inDay % 3_600_000) / 60_000);
  const sec = Math.floor((inDay % 60_000) / 1000);
  const frac = inDay % 1000;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(sec)}${frac === 0 ? '' : `.${String(frac).padStart(3, '0')}`}Z`;
}
