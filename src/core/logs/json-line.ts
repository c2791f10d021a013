/**
 * @module core/logs/json-line
 * Writes one JSON object per line with the key order of the seed samples and with exact
 * 64-bit integers (Brightcove format of docs/ad-logs.md `span_id` is uint64; `JSON.stringify` cannot write one). Pure.
 */

/** A non-negative integer written as raw digits. */
export interface RawInteger {
  readonly rawInteger: string;
}

export const rawInteger = (digits: string): RawInteger => ({ rawInteger: digits });

export type JsonEntryValue = RawInteger | string | number | boolean | null | object | undefined;

const isRawInteger = (v: JsonEntryValue): v is RawInteger => typeof v === 'object' && v !== null && 'rawInteger' in v && Object.keys(v).length === 1;

/** Serialises `entries` in order; `undefined` values are left out like `JSON.stringify` does. */
export function jsonLine(entries: ReadonlyArray<readonly [string, JsonEntryValue]>): string {
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (isRawInteger(value)) {
      if (!/^\d+$/.test(value.rawInteger)) throw new RangeError(`not an integer: ${value.rawInteger}`);
      parts.push(`${JSON.stringify(key)}:${value.rawInteger}`);
    } else {
      parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
    }
  }
  return `{${parts.join(',')}}`;
}
