/**
 * @module scripts/fuzz/known
 * Findings that are known and fixed on another branch, so the fuzzer reports them apart instead
 * of failing on them. Each entry names where it is fixed; delete it once that fix is merged (the
 * fuzzer then says the entry is no longer seen).
 */
import type { Finding } from './orchestrate.ts';

export interface KnownFinding {
  readonly target: string;
  readonly signature: RegExp;
  readonly where: string;
}

export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  {
    target: 'playback-configuration',
    // A body with an own key named like an Object.prototype member (`__proto__`, `constructor`,
    // `toString`, `hasOwnProperty`) at the top level makes the validator throw.
    signature: /^TypeError: Cannot read properties of undefined \(reading '…'\)/,
    where: 'issue 9 item 8 (PUT /playbackConfiguration answers 500), on the configuration branch',
  },
];

export function knownFinding(f: Finding): KnownFinding | undefined {
  return KNOWN_FINDINGS.find((k) => k.target === f.target && f.kind === 'throw' && k.signature.test(f.signature));
}
