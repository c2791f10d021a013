/**
 * @module core/ads-request/fill-text
 * The body and headers of an ADS request (`AdDecisionServerConfiguration.HttpRequest`; AWS
 * MediaTailor API model `HttpRequest`), filled with the same dynamic variables as the URL
 * (docs/mediatailor-compat.md §5) written `{{session.id}}`, `{{player_params.deviceType}}`. A
 * variable that cannot be filled becomes empty and is reported, as in the URL. Values are written
 * as text, not URL-encoded: in a JSON body they are JSON-escaped, so a player parameter cannot
 * break the document; in a header, control characters are dropped, so none can add a header
 * line. Pure, never throws.
 */
import { matchVariable, variableText } from './build-url.ts';
import type { AdsVariables } from './variables.ts';

/** The API model's limit on `HttpRequest.Body` (100,000 characters), applied to the filled body too. */
export const ADS_BODY_MAX_CHARS = 100_000;
/** The configuration's limit on one header value, applied to the filled value too. */
export const ADS_HEADER_VALUE_MAX_CHARS = 4_096;

export interface FilledText {
  readonly text: string;
  readonly unresolved: readonly string[];
}

/** `{{name}}` variables of `template` filled; `escapeValue` writes each value (JSON string escaping, header cleaning). */
export function fillTextTemplate(template: string, vars: AdsVariables, escapeValue: (value: string) => string): FilledText {
  const unresolved: string[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      text += template.slice(i);
      break;
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, open);
    const name = template.slice(open + 2, close).trim();
    const m = matchVariable(name);
    if (!m) {
      // Not a variable (`{{self}}` is resolved earlier; anything else is the operator's text).
      text += template.slice(open, close + 2);
    } else {
      const value = variableText(m, vars);
      if (value === undefined) {
        if (!unresolved.includes(name)) unresolved.push(name);
      } else text += escapeValue(value);
    }
    i = close + 2;
  }
  return { text, unresolved };
}

/** A body template that is a JSON document (an object or an array). */
export function isJsonBody(template: string): boolean {
  const t = template.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** A JSON body gets JSON-escaped values (a value is written inside a string); any other body gets them as they are. */
export function bodyEscape(template: string): (value: string) => string {
  return isJsonBody(template) ? (v) => JSON.stringify(v).slice(1, -1) : (v) => v;
}

/** Header values cannot hold line breaks or other control characters (RFC 9110 §5.5). */
export function headerEscape(value: string): string {
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}
