/**
 * @module scripts/fuzz/worker-main
 * The fuzzer's worker thread entry (bundled by scripts/fuzz/run.mjs and the npm test slice): the
 * worker of scripts/fuzz/worker.ts over the registry of scripts/fuzz/targets.ts.
 */
import { TARGETS } from './targets.ts';
import { startWorker } from './worker.ts';

await startWorker(TARGETS);
