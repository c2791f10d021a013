/**
 * @module core/config/aliases
 * Configuration aliases and domain variables (`ConfigurationAliases`; docs/mediatailor-compat.md
 * §2.3, MediaTailor "Configuration aliases"): `[player_params.x]` in a URL field of the
 * configuration is filled per session at init. When `ConfigurationAliases["player_params.x"]`
 * exists, the player's value is an alias and the map gives the text written; otherwise the
 * player's value is written (URL-encoded). MediaTailor's rules, field by field:
 *
 * - critical fields (`VideoContentSourceUrl`, `CdnConfiguration.AdSegmentUrlPrefix`,
 *   `ContentSegmentUrlPrefix`) and the ad server URLs (`AdDecisionServerUrl`,
 *   `LivePreRollConfiguration.AdDecisionServerUrl`): a variable in the scheme or host (a domain
 *   variable) must be aliased and the player's value must be one of its aliases, else the
 *   session init fails (400) saying which; in the path or query a missing value is empty;
 * - the other URL fields (`SlateAdUrl`, `Bumper.StartUrl`/`EndUrl`, `TranscodeProfileName`): a
 *   variable that cannot be filled is empty and logged, never an error.
 *
 * In the ad server URLs only aliased variables are filled here; the others stay for the per-avail
 * template (core/ads-request), which URL-encodes them as it does every variable. Pure.
 */
import { err, ok, type Result } from '../result.ts';
import type { PlaybackConfiguration } from './playback-configuration.ts';

export interface AliasedConfiguration {
  readonly config: PlaybackConfiguration;
  /** Variables of non-critical fields (or paths) that were left empty, for the session's log. */
  readonly warnings: readonly string[];
}

type Aliases = Readonly<Record<string, Readonly<Record<string, string>>>>;

const PLAYER_VARIABLE = /\[player_params\.([^\s[\]]+)\]/gi;

interface FieldRule {
  /** A domain variable that cannot be filled fails the init. */
  readonly critical: boolean;
  /** Only aliased variables are filled (the ad server template fills the rest per avail). */
  readonly aliasedOnly: boolean;
}

const CRITICAL: FieldRule = { critical: true, aliasedOnly: false };
const ADS: FieldRule = { critical: true, aliasedOnly: true };
const OPTIONAL: FieldRule = { critical: false, aliasedOnly: false };

/** The configuration with its variables filled for a session with `playerParams` (lower-cased keys). */
export function applyConfigurationAliases(cfg: PlaybackConfiguration, playerParams: Readonly<Record<string, string>>): Result<AliasedConfiguration, string> {
  const aliases = lowerKeys(cfg.ConfigurationAliases ?? {});
  const warnings: string[] = [];
  const fill = (field: string, value: string | undefined, rule: FieldRule): Result<string | undefined, string> =>
    value === undefined || !value.includes('[') ? ok(value) : fillField(field, value, rule, aliases, playerParams, warnings);
  const filled: Record<string, string | undefined> = {};
  const critical: [string, string | undefined, FieldRule][] = [
    ['VideoContentSourceUrl', cfg.VideoContentSourceUrl, CRITICAL],
    ['AdDecisionServerUrl', cfg.AdDecisionServerUrl, ADS],
    ['LivePreRollConfiguration.AdDecisionServerUrl', cfg.LivePreRollConfiguration?.AdDecisionServerUrl, ADS],
    ['CdnConfiguration.AdSegmentUrlPrefix', cfg.CdnConfiguration?.AdSegmentUrlPrefix, CRITICAL],
    ['CdnConfiguration.ContentSegmentUrlPrefix', cfg.CdnConfiguration?.ContentSegmentUrlPrefix, CRITICAL],
  ];
  for (const [field, value, rule] of critical) {
    const r = fill(field, value, rule);
    if (!r.ok) return r;
    filled[field] = r.value;
  }
  const optional = (field: string, value: string | undefined): string | undefined => {
    const r = fill(field, value, OPTIONAL);
    return r.ok ? r.value : value;
  };
  const origin = filled['VideoContentSourceUrl'] ?? cfg.VideoContentSourceUrl;
  if (!isHttpUrl(origin)) return err(`VideoContentSourceUrl is not an http(s) URL once its player parameters are filled (${shorten(origin)})`);
  const out: Record<string, unknown> = { ...cfg, VideoContentSourceUrl: origin };
  const ads = filled['AdDecisionServerUrl'];
  if (ads !== undefined) out['AdDecisionServerUrl'] = ads;
  const preroll = filled['LivePreRollConfiguration.AdDecisionServerUrl'];
  if (cfg.LivePreRollConfiguration) out['LivePreRollConfiguration'] = { ...cfg.LivePreRollConfiguration, ...(preroll !== undefined ? { AdDecisionServerUrl: preroll } : {}) };
  if (cfg.CdnConfiguration) {
    const adPrefix = filled['CdnConfiguration.AdSegmentUrlPrefix'];
    const contentPrefix = filled['CdnConfiguration.ContentSegmentUrlPrefix'];
    out['CdnConfiguration'] = {
      ...cfg.CdnConfiguration,
      ...(adPrefix !== undefined ? { AdSegmentUrlPrefix: adPrefix } : {}),
      ...(contentPrefix !== undefined ? { ContentSegmentUrlPrefix: contentPrefix } : {}),
    };
  }
  const slate = optional('SlateAdUrl', cfg.SlateAdUrl);
  if (slate !== undefined) out['SlateAdUrl'] = slate;
  if (cfg.Bumper) {
    const start = optional('Bumper.StartUrl', cfg.Bumper.StartUrl);
    const end = optional('Bumper.EndUrl', cfg.Bumper.EndUrl);
    out['Bumper'] = { ...(start !== undefined ? { StartUrl: start } : {}), ...(end !== undefined ? { EndUrl: end } : {}) };
  }
  const profile = optional('TranscodeProfileName', cfg.TranscodeProfileName);
  if (profile !== undefined) out['TranscodeProfileName'] = profile;
  // SAFETY: `out` is `cfg` with some string members replaced by strings.
  return ok({ config: out as unknown as PlaybackConfiguration, warnings });
}

/**
 * The configuration check MediaTailor makes on create and update: every variable in the scheme or
 * host of a critical or ad server URL must be defined in ConfigurationAliases. The message of the
 * first one that is not, or undefined.
 */
export function undefinedDomainVariable(cfg: { readonly ConfigurationAliases?: Aliases } & Record<string, unknown>): string | undefined {
  const aliases = lowerKeys(cfg.ConfigurationAliases ?? {});
  const at = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), cfg);
  for (const field of ['VideoContentSourceUrl', 'AdDecisionServerUrl', 'LivePreRollConfiguration.AdDecisionServerUrl', 'CdnConfiguration.AdSegmentUrlPrefix', 'CdnConfiguration.ContentSegmentUrlPrefix']) {
    const value = at(field);
    if (typeof value !== 'string') continue;
    const end = authorityEndAt(value);
    for (const m of value.matchAll(PLAYER_VARIABLE)) {
      if ((m.index ?? 0) < end && !aliases[`player_params.${(m[1] ?? '').toLowerCase()}`]) {
        return `${field} uses [player_params.${m[1]}] in its host, which must be defined in ConfigurationAliases`;
      }
    }
  }
  return undefined;
}

function fillField(field: string, template: string, rule: FieldRule, aliases: Aliases, params: Readonly<Record<string, string>>, warnings: string[]): Result<string, string> {
  const authorityEnd = authorityEndAt(template);
  let problem: string | undefined;
  const filled = template.replace(PLAYER_VARIABLE, (whole, name: string, at: number) => {
    const key = name.toLowerCase();
    const map = aliases[`player_params.${key}`];
    const value = params[key];
    const domain = at < authorityEnd;
    if (!map) {
      if (rule.aliasedOnly) return whole;
      if (domain && rule.critical) {
        problem ??= `${field} uses [player_params.${name}] in its host, which must be defined in ConfigurationAliases`;
        return '';
      }
      if (value === undefined) {
        warnings.push(`${field}: [player_params.${name}] has no value and was left empty`);
        return '';
      }
      return encodeURIComponent(value);
    }
    const mapped = value !== undefined && Object.hasOwn(map, value) ? map[value] : undefined;
    if (mapped !== undefined) return mapped;
    const why = value === undefined ? `the session gives no player parameter ${name}` : `${JSON.stringify(shorten(value, 64))} is not an alias of player_params.${name} in ConfigurationAliases (known: ${Object.keys(map).slice(0, 20).join(', ')})`;
    if (domain && rule.critical) problem ??= `${field} cannot be built: ${why}`;
    else warnings.push(`${field}: [player_params.${name}] left empty: ${why}`);
    return '';
  });
  return problem === undefined ? ok(filled) : err(problem);
}

/** Where the scheme and host of a URL template end: a variable before that is a domain variable. */
function authorityEndAt(template: string): number {
  const scheme = template.indexOf('://');
  // A template that starts with a variable ("[player_params.origin]/path") names its scheme and host with it.
  if (scheme < 0 || template.indexOf('[') < scheme) {
    const slash = template.search(/[/?#]/);
    return slash < 0 ? template.length : slash;
  }
  const rest = template.slice(scheme + 3).search(/[/?#]/);
  return rest < 0 ? template.length : scheme + 3 + rest;
}

function lowerKeys(aliases: Aliases): Aliases {
  const out: Record<string, Readonly<Record<string, string>>> = {};
  for (const [k, v] of Object.entries(aliases)) out[k.toLowerCase()] = v;
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Request input quoted in a message: bounded and without control characters. */
function shorten(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
