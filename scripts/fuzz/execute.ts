/**
 * @module scripts/fuzz/execute
 * Runs one input of one target and says what happened: returned (with the time it took) or
 * threw (with a signature that groups the same bug across inputs). Hangs are the orchestrator's
 * business: it watches the worker running this from outside.
 */
import type { FuzzTarget } from './target.ts';

export type Outcome = { readonly kind: 'ok'; readonly ms: number } | { readonly kind: 'throw'; readonly ms: number; readonly signature: string; readonly error: string };

export async function runInput(t: FuzzTarget, input: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const r = t.run(input);
    if (typeof r === 'object' && r !== null && typeof (r as { then?: unknown }).then === 'function') await r;
    return { kind: 'ok', ms: performance.now() - started };
  } catch (e) {
    return { kind: 'throw', ms: performance.now() - started, signature: errorSignature(e), error: describeError(e) };
  }
}

/**
 * `Name: message` with numbers and quoted text blanked, plus the innermost stack frame in our
 * source: the same bug reached by different inputs gets the same signature.
 */
export function errorSignature(e: unknown): string {
  const name = e instanceof Error ? e.name : typeof e;
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  const shape = message
    .replace(/(["'`]).*?\1/g, '$1…$1')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
  const frame = e instanceof Error ? /\((?:[^()]*\/)?((?:src|demo)\/[^():]+):\d+:\d+\)/.exec(e.stack ?? '')?.[1] : undefined;
  return `${name}: ${shape}${frame ? ` @ ${frame}` : ''}`;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`).split('\n').slice(0, 8).join('\n') : String(e);
}
