/**
 * src/core/auth stays pure (the SigV4 verifier gets its clock as an argument and uses WebCrypto
 * only): the scan of test/helpers/purity.ts.
 */
import { describePurity } from '../../helpers/purity.ts';

describePurity('auth', 3);
