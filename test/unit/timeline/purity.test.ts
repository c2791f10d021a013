/** src/core/timeline and src/core/metrics stay pure (test/helpers/purity.ts). */
import { describePurity } from '../../helpers/purity.ts';

describePurity('timeline', 5);
describePurity('metrics', 2);
