/**
 * The purity scan of a src/core module folder (no platform, clock, randomness or Node-only API;
 * `@module` header; small files; relative imports with .ts), shared by the per-module purity
 * tests. Running under the Node `core` project already checks that a module loads without
 * workerd; this catches what would only break in Workers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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

/** Declares the purity tests of `src/core/{module}` (path relative to the repository root). */
export function describePurity(module: string, minFiles: number): void {
  const dir = join(import.meta.dirname, `../../src/core/${module}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  describe(`src/core/${module} purity`, () => {
    it('has the expected files', () => {
      expect(files.length).toBeGreaterThanOrEqual(minFiles);
    });
    for (const file of files) {
      it(`${file}: pure, documented, small, .ts imports`, () => {
        const text = readFileSync(join(dir, file), 'utf8');
        for (const [pattern, what] of FORBIDDEN) expect(pattern.test(text), `${file} uses ${what}`).toBe(false);
        expect(text.startsWith(`/**\n * @module core/${module}`), `${file} opens with a @module header`).toBe(true);
        expect(text.split('\n').length, `${file} is under ~300 lines`).toBeLessThanOrEqual(300);
        for (const m of text.matchAll(/from '(\.[^']+)'/g)) expect(m[1], `${file} import ${m[1]}`).toMatch(/\.ts$/);
      });
    }
  });
}
