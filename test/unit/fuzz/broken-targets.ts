/**
 * A registry of deliberately broken entry points for test/unit/fuzz/orchestrate.test.ts: proves
 * the fuzzer catches a throw, an endless loop and slow work, and minimizes what it reports.
 */
import { target } from '../../../scripts/fuzz/target.ts';
import { startWorker } from '../../../scripts/fuzz/worker.ts';

export const BROKEN_TARGETS = [
  // Throws on any input containing "#EXT-X-ENDLIST" (in many HLS seeds; mutations remove it sometimes).
  target('throws', 'hls', (s) => {
    if (s.includes('#EXT-X-ENDLIST')) throw new RangeError(`bad playlist of ${s.length} characters`);
    return s.length;
  }),
  // Never returns when the input holds "#EXT-X-PART" (a few percent of the inputs).
  target('loops', 'hls', (s) => {
    let n = 0;
    while (s.includes('#EXT-X-PART')) n++;
    return n;
  }),
  target('fine', 'hls', (s) => s.length),
];

await startWorker(BROKEN_TARGETS);
