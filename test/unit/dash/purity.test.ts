/**
 * src/core/dash and src/core/time stay pure (docs/dash.md): no platform, clock, randomness or
 * Node-only API; relative imports carry the .ts extension. The same scan as core/scte35's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDateTimeMs, parseDateTimeMs } from '../../../src/core/dash/index.ts';
import { Prng } from '../../helpers/prng.ts';

const FORBIDDEN: readonly [RegExp, string][] = [
  [/from ['"]cloudflare:/, 'cloudflare:* import'],
  [/from ['"]hono/, 'hono import'],
  [/from ['"]node:/, 'node:* import'],
  [/\bfetch\s*\(/, 'fetch'],
  [/\bDate\.now\b|\bnew Date\b/, 'clock'],
  [/\bMath\.random\b/, 'randomness'],
  [/\bBuffer\b/, 'Node Buffer'],
  [/\bprocess\./, 'process'],
  [/\brequire\(/, 'require'],
];

for (const sub of ['dash', 'time']) {
  const dir = join(import.meta.dirname, `../../../src/core/${sub}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  describe(`src/core/${sub} purity`, () => {
    it('has files', () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      it(file, () => {
        const text = readFileSync(join(dir, file), 'utf8');
        for (const [re, what] of FORBIDDEN) expect({ file, what, found: re.test(text) }).toEqual({ file, what, found: false });
        for (const m of text.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)) expect(m[1]).toMatch(/\.ts$/);
      });
    }
  });
}

describe('formatDateTimeMs', () => {
  it('agrees with Date over random instants from 1970 to 2400 and reads back', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 2000; i++) {
      const ms = rng.int(0, 13_569_465_600_000) + (i % 3 === 0 ? 0 : rng.int(0, 999));
      const expected = new Date(ms).toISOString().replace('.000Z', 'Z');
      expect(formatDateTimeMs(ms)).toBe(expected);
      expect(parseDateTimeMs(formatDateTimeMs(ms))).toBe(ms);
    }
  });
});
