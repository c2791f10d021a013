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

export const KNOWN_FINDINGS: readonly KnownFinding[] = [];

export function knownFinding(f: Finding): KnownFinding | undefined {
  return KNOWN_FINDINGS.find((k) => k.target === f.target && f.kind === 'throw' && k.signature.test(f.signature));
}
