/**
 * @module scripts/fuzz/minimize
 * Delta debugging (Zeller's ddmin, complement-only): removes lines, then characters, from a
 * failing input while `stillFails` holds, within an evaluation and time budget, so a finding is
 * reported as the smallest input that still shows it. A JSON input is first reduced as a value
 * (members and elements removed one at a time), which character removal cannot do without
 * breaking the syntax.
 */
import { setOwn } from './mutate.ts';

export interface Budget {
  readonly maxEvals: number;
  readonly maxMs: number;
}

export async function minimize(input: string, stillFails: (candidate: string) => Promise<boolean>, budget: Budget): Promise<string> {
  const deadline = Date.now() + budget.maxMs;
  let evals = 0;
  const test = async (s: string): Promise<boolean> => {
    evals++;
    return stillFails(s);
  };
  const left = (): boolean => evals < budget.maxEvals && Date.now() < deadline;
  const asJson = await reduceJson(input, test, left);
  const byLines = await reduce(asJson.split('\n'), (u) => u.join('\n'), test, left);
  const byChars = await reduce(Array.from(byLines), (u) => u.join(''), test, left);
  return byChars;
}

async function reduce(start: string[], join: (units: string[]) => string, test: (s: string) => Promise<boolean>, left: () => boolean): Promise<string> {
  let units = start;
  let n = 2;
  while (units.length >= 2 && left()) {
    const chunk = Math.ceil(units.length / n);
    let reduced = false;
    for (let i = 0; i < units.length && left(); i += chunk) {
      const candidate = [...units.slice(0, i), ...units.slice(i + chunk)];
      if (await test(join(candidate))) {
        units = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= units.length) break;
      n = Math.min(n * 2, units.length);
    }
  }
  return join(units);
}

/** Removes object members and array elements, depth first, while the input still fails. */
async function reduceJson(input: string, test: (s: string) => Promise<boolean>, left: () => boolean): Promise<string> {
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return input;
  }
  let best = JSON.stringify(value);
  if (best !== input && !(await test(best))) return input;
  for (let changed = true; changed && left(); ) {
    changed = false;
    for (const candidate of removals(value)) {
      if (!left()) break;
      const text = JSON.stringify(candidate);
      if (await test(text)) {
        value = candidate;
        best = text;
        changed = true;
        break;
      }
    }
  }
  return best;
}

/** Every value that is `v` with one member or element removed, shallow ones first. */
function* removals(v: unknown): Generator<unknown> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield [...v.slice(0, i), ...v.slice(i + 1)];
    for (let i = 0; i < v.length; i++) for (const inner of removals(v[i])) yield v.map((x, j) => (j === i ? inner : x));
  } else if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    for (let i = 0; i < entries.length; i++) yield objectOf(entries.filter((_, j) => j !== i));
    for (let i = 0; i < entries.length; i++) {
      const [, x] = entries[i] as [string, unknown];
      for (const inner of removals(x)) yield objectOf(entries.map((e, j) => (j === i ? [e[0], inner] : e)));
    }
  }
}

function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, x] of entries) setOwn(o, k, x);
  return o;
}
