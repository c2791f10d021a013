/** src/core/config stays pure: the scan of test/helpers/purity.ts. */
import { describePurity } from '../../helpers/purity.ts';

describePurity('config', 8);
