/** Batch accumulator (Brightcove format of docs/ad-logs.md "batched in 5MB or 300 seconds"), clock injected. */
import { describe, expect, it } from 'vitest';
import { ageDueAtMs, isAgeDue, parseBatchLimits, planAppend, retryDelayMs, utf8ByteLength, type AppendStep, type OpenBatchState } from '../../../src/core/logs/batch.ts';

const limits = { maxBytes: 100, maxAgeMs: 300_000 };
const line = (n: number): string => 'x'.repeat(n - 1); // n bytes once the newline is added

/** Replays steps into batches, the way the shard does, so tests see what objects would hold. */
function replay(open: OpenBatchState | undefined, steps: readonly AppendStep[]): { sealed: string[]; openText: string } {
  const sealed: string[] = [];
  let current = open === undefined ? '' : '<open>';
  for (const s of steps) {
    if (s.kind === 'lines') current += s.text;
    else {
      sealed.push(current);
      current = '';
    }
  }
  return { sealed, openText: current };
}

describe('planAppend', () => {
  it('keeps lines in one open batch below the size limit', () => {
    const plan = planAppend(undefined, [line(30), line(30)], 1000, limits);
    expect(plan.steps).toEqual([{ kind: 'lines', text: `${line(30)}\n${line(30)}\n`, bytes: 60, lineCount: 2 }]);
    expect(plan.open).toEqual({ bytes: 60, lineCount: 2, openedAtMs: 1000 });
  });

  it('seals before a line that would push the batch past the limit; that line opens the next batch', () => {
    const open = { bytes: 90, lineCount: 3, openedAtMs: 5 };
    const plan = planAppend(open, [line(20)], 1000, limits);
    expect(plan.steps.map((s) => s.kind)).toEqual(['seal', 'lines']);
    expect(plan.open).toEqual({ bytes: 20, lineCount: 1, openedAtMs: 1000 });
  });

  it('seals at once a batch that reaches the limit exactly', () => {
    const plan = planAppend(undefined, [line(50), line(50)], 0, limits);
    expect(plan.steps.map((s) => s.kind)).toEqual(['lines', 'seal']);
    expect(plan.open).toBeUndefined();
  });

  it('never writes an object over the limit except a single oversize line, alone', () => {
    const sizes = [40, 40, 40, 250, 10, 99, 1, 1];
    const plan = planAppend(undefined, sizes.map(line), 0, limits);
    const { sealed, openText } = replay(undefined, plan.steps);
    for (const text of sealed) {
      const bytes = utf8ByteLength(text);
      expect(bytes <= limits.maxBytes || text.split('\n').length === 2).toBe(true);
    }
    expect(sealed.join('') + openText).toBe(sizes.map((n) => `${line(n)}\n`).join(''));
    expect(sealed.map((t) => t.split('\n').length - 1)).toEqual([2, 1, 1, 1, 2]);
  });

  it('splits stored chunks below the chunk size without changing batch membership', () => {
    const plan = planAppend(undefined, [line(40), line(40), line(40)], 0, { maxBytes: 1000, maxAgeMs: 1 }, 64);
    expect(plan.steps.map((s) => (s.kind === 'lines' ? s.lineCount : 'seal'))).toEqual([1, 1, 1]);
    expect(plan.open?.lineCount).toBe(3);
  });

  it('counts bytes as UTF-8', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(planAppend(undefined, ['é'], 0, limits).open?.bytes).toBe(3);
  });
});

describe('age and retries', () => {
  it('is due maxAge after the first line, by the injected clock', () => {
    const open = { bytes: 1, lineCount: 1, openedAtMs: 10_000 };
    expect(ageDueAtMs(open, limits)).toBe(310_000);
    expect(isAgeDue(open, 309_999, limits)).toBe(false);
    expect(isAgeDue(open, 310_000, limits)).toBe(true);
  });

  it('backs off 1 s, 2 s, 4 s … up to 5 min, never under R2’s one write per second per key', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30)).toBe(300_000);
    expect(retryDelayMs(0)).toBe(1000);
  });

  it('reads limits from the Worker variables, falling back to 5 MiB / 300 s', () => {
    expect(parseBatchLimits('5242880', '300')).toEqual({ maxBytes: 5_242_880, maxAgeMs: 300_000 });
    expect(parseBatchLimits('1024', '2.5')).toEqual({ maxBytes: 1024, maxAgeMs: 2500 });
    expect(parseBatchLimits(undefined, 'soon')).toEqual({ maxBytes: 5_242_880, maxAgeMs: 300_000 });
  });
});
