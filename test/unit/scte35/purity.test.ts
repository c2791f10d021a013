/**
 * src/core/scte35 stays pure (docs/architecture.md §3): no platform, clock, randomness or Node-only API, and
 * relative imports carry the .ts extension (the scan is test/helpers/purity.ts).
 */
import { describePurity } from '../../helpers/purity.ts';

describePurity('scte35', 10);
