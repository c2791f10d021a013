/**
 * @module scripts/fuzz/target
 * What the fuzzer needs to know about one parser entry point: its name, which seed inputs its
 * mutations start from, and how to run one input. Every input is a string (bytes arrive as a
 * Latin-1 string), so any finding can be printed, saved and replayed as is.
 */

/** Families of seed inputs (scripts/fuzz/corpus.ts). */
export type CorpusKind = 'hls' | 'mpd' | 'vast' | 'vmap' | 'scte35' | 'config' | 'session-body' | 'query' | 'url' | 'creative-json';

export interface FuzzTarget {
  readonly name: string;
  readonly corpus: readonly CorpusKind[];
  /** Inputs are JSON texts: most mutations edit the parsed value, so they get past JSON.parse. */
  readonly json: boolean;
  /** Runs one input. Throwing (or rejecting) is a finding; so is not returning in time. */
  run(input: string): unknown;
}

/** One registry line per entry point (scripts/fuzz/targets.ts). */
export function target(name: string, corpus: CorpusKind | readonly CorpusKind[], run: (input: string) => unknown, opts: { json?: boolean } = {}): FuzzTarget {
  return { name, corpus: typeof corpus === 'string' ? [corpus] : corpus, json: opts.json ?? false, run };
}
