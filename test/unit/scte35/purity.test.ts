/**
 * src/core/scte35 stays pure (DESIGN §3): no platform, clock, randomness or Node-only API, and
 * relative imports carry the .ts extension. Running under the Node `core` project checks that the
 * module loads without workerd; this scan catches what would only break in Workers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../../src/core/scte35');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

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

describe('src/core/scte35 purity', () => {
  it('has the expected files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    it(`${file}: pure, documented, small, .ts imports`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [pattern, what] of FORBIDDEN) expect(pattern.test(text), `${file} uses ${what}`).toBe(false);
      expect(text.startsWith('/**\n * @module core/scte35'), `${file} opens with a @module header`).toBe(true);
      expect(text.split('\n').length, `${file} is under ~300 lines`).toBeLessThanOrEqual(300);
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) expect(m[1], `${file} import ${m[1]}`).toMatch(/\.ts$/);
    });
  }
});
