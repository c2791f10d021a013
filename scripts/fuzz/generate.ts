/**
 * @module scripts/fuzz/generate
 * Input `index` of a target for a seed: its own PRNG is seeded from (seed, target, index), so any
 * single input is regenerated from those three values alone (`npm run fuzz -- --target T --seed S
 * --index I`), whatever ran before it. One in ten inputs is random bytes, one in ten a soup of the
 * format's tokens, the rest are seeds put through 1–8 mutations.
 */
import { Prng } from '../../test/helpers/prng.ts';
import type { Corpus } from './corpus.ts';
import { MAX_INPUT_CHARS, mutateJson, mutateText, randomBytes, tokenSoup } from './mutate.ts';
import type { FuzzTarget } from './target.ts';

/** FNV-1a: a 32-bit seed from text. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function fuzzInput(t: FuzzTarget, corpus: Corpus, seed: number, index: number): string {
  const p = new Prng(hash32(`${seed}/${t.name}/${index}`));
  const pool = t.corpus.flatMap((k) => corpus[k]);
  const roll = p.next();
  if (pool.length === 0 || roll < 0.1) return randomBytes(p);
  if (roll < 0.2) return tokenSoup(p, t.corpus);
  let s = p.pick(pool);
  for (let rounds = p.chance(0.5) ? 1 : p.int(2, 8); rounds > 0; rounds--) {
    s = t.json && p.chance(0.7) ? mutateJson(p, s, t.corpus) : mutateText(p, s, pool, t.corpus);
    if (s.length > MAX_INPUT_CHARS) s = s.slice(0, MAX_INPUT_CHARS);
  }
  return s;
}
