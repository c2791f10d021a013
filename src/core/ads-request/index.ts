/**
 * @module core/ads-request
 * Public surface of the ADS request builder (docs/mediatailor-compat.md §5, §2.2). Pure.
 */
export { buildAdsRequestUrl, ADS_URL_MAX_CHARS, PLAYER_PARAM_NAME_MAX_CHARS, PLAYER_PARAM_VALUE_MAX_CHARS } from './build-url.ts';
export type { AdsRequestUrl, AdsRequestUrlError } from './build-url.ts';
export type { AdsVariables, VariableValue } from './variables.ts';
