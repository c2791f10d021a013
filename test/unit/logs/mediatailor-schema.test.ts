/**
 * Every `mediatailor` line of a realistic session validated against the MediaTailor ADS log JSON Schema, docs/ad-logs.md
 * with Ajv (issue 5 §2, §5). The schema is the seed's, unedited; its two self-contradictions
 * (docs/ad-logs.md "Schema contradictions") are checked to be exactly what the patch covers.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMediaTailor } from '../../../src/core/logs/format-mediatailor.ts';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { liveOverlaySession, realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

const schemaText = readFileSync(new URL('../../fixtures/logs/mediatailor-ads-log.schema.json', import.meta.url), 'utf8');
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function compile(schema: object): ValidateFunction {
  // The seed's `definitions/event*` use `required` without `type: object` and name properties
  // declared only at the top level: style warnings (strictTypes, strictRequired), not
  // contradictions. Everything else stays strict (unknown keywords, formats, numbers).
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  ajv.addKeyword('_comment'); // the seed's REDIRECTED_VAST_RESPONSE note
  ajv.addFormat('date-time', (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

/**
 * The documented patch: declare at the top level what two event definitions require, add
 * MediaTailor's BEACON_FIRED and FILLED_OVERLAY_AVAIL to the `oneOf`, and the current schema's
 * `vastResponse.nonLinearAdsList`.
 */
function patched(): object {
  const schema = JSON.parse(schemaText) as { properties: Record<string, unknown>; oneOf: unknown[]; definitions: Record<string, unknown> };
  schema.properties['error'] = { type: 'string' };
  schema.properties['additionalInfo'] = { type: 'string' };
  schema.properties['beaconInfo'] = {
    type: 'object',
    required: ['trackingEvent', 'beaconUri', 'headers'],
    additionalProperties: false,
    properties: {
      trackingEvent: { type: 'string' },
      beaconUri: { type: 'string' },
      headers: { $ref: '#/properties/requestHeaders' },
    },
  };
  schema.definitions['eventBeaconFired'] = { required: ['eventType', 'beaconInfo'], properties: { eventType: { type: 'string', const: 'BEACON_FIRED' } } };
  schema.oneOf.push({ $ref: '#/definitions/eventBeaconFired' });
  schema.definitions['eventFilledOverlayAvail'] = { required: ['eventType', 'avail', 'vastResponse'], properties: { eventType: { type: 'string', const: 'FILLED_OVERLAY_AVAIL' } } };
  schema.oneOf.push({ $ref: '#/definitions/eventFilledOverlayAvail' });
  const vastResponse = schema.properties['vastResponse'] as { properties: Record<string, unknown> };
  vastResponse.properties['nonLinearAdsList'] = { type: 'array', items: { type: 'object', required: ['nonLinearAdList', 'trackingEvents'] } };
  return schema;
}

const CONTRADICTED = new Set(['ERROR_FIRING_BEACON_FAILED', 'ERROR_ADS_INVALID_RESPONSE']);
/** A MediaTailor type the seed's `oneOf` does not list. */
const UNLISTED = new Set(['BEACON_FIRED', 'FILLED_OVERLAY_AVAIL']);
const errorsText = (errors: ErrorObject[] | null | undefined): string => JSON.stringify(errors ?? [], null, 1);

const linesOf = (events: readonly AdLogEvent[]): { line: string; kind: string }[] => events.flatMap((e) => formatMediaTailor(e).map((line) => ({ line, kind: e.kind })));

describe('mediatailor lines vs the MediaTailor ADS log schema (docs/ad-logs.md)', () => {
  const strictSeed = compile(JSON.parse(schemaText) as object);
  const withPatch = compile(patched());
  const lines = linesOf([...realisticEvents(), ...liveOverlaySession()]);

  it('compiles only once its `_comment` keyword is declared (the seed uses a non-standard keyword)', () => {
    const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false });
    ajv.addFormat('date-time', () => true);
    expect(() => ajv.compile(JSON.parse(schemaText) as object)).toThrow(/_comment/);
  });

  it('produces a line for every event kind but the VOD session summary (a Brightcove format of docs/ad-logs.md line only)', () => {
    const kinds = new Set(realisticEvents().map((e) => e.kind));
    const withLines = new Set(lines.map((l) => l.kind));
    expect([...kinds].filter((k) => !withLines.has(k))).toEqual(['session-summary']);
    expect(lines.length).toBeGreaterThan(15);
  });

  it('every line without a contradicted or unlisted event type is valid against the unedited schema', () => {
    for (const { line } of lines) {
      const value = JSON.parse(line) as { eventType: string };
      if (CONTRADICTED.has(value.eventType) || UNLISTED.has(value.eventType)) continue;
      const valid = strictSeed(value);
      expect(valid, `${line}\n${errorsText(strictSeed.errors)}`).toBe(true);
    }
  });

  it('the two contradicted types fail the unedited schema only on the properties it both requires and forbids', () => {
    const contradicted = lines.map((l) => JSON.parse(l.line) as { eventType: string }).filter((v) => CONTRADICTED.has(v.eventType));
    expect(new Set(contradicted.map((v) => v.eventType))).toEqual(CONTRADICTED);
    for (const value of contradicted) {
      expect(strictSeed(value)).toBe(false);
      const extra = (strictSeed.errors ?? [])
        .filter((e) => e.keyword === 'additionalProperties' && e.instancePath === '')
        .map((e) => String((e.params as { additionalProperty: string }).additionalProperty));
      const expected = value.eventType === 'ERROR_ADS_INVALID_RESPONSE' ? ['additionalInfo'] : ['beaconInfo', 'error'];
      expect(extra.sort()).toEqual(expected);
      // Without those properties the line would violate the event's own `required` list instead.
      const stripped = Object.fromEntries(Object.entries(value).filter(([k]) => !expected.includes(k)));
      expect(strictSeed(stripped)).toBe(false);
      expect(errorsText(strictSeed.errors)).toMatch(/must have required property/);
    }
  });

  it('BEACON_FIRED and FILLED_OVERLAY_AVAIL fail the unedited schema because their types are not in the `oneOf`', () => {
    const fired = lines.map((l) => JSON.parse(l.line) as { eventType: string }).filter((v) => UNLISTED.has(v.eventType));
    expect(new Set(fired.map((v) => v.eventType))).toEqual(UNLISTED);
    for (const value of fired) {
      expect(strictSeed(value)).toBe(false);
      const consts = (strictSeed.errors ?? []).filter((e) => e.keyword === 'const').length;
      expect(consts).toBe(18); // every branch of the seed's oneOf rejects the type
    }
  });

  it('every line, contradicted and unlisted types included, is valid against the schema with the documented patch', () => {
    for (const { line } of lines) {
      const valid = withPatch(JSON.parse(line));
      expect(valid, `${line}\n${errorsText(withPatch.errors)}`).toBe(true);
    }
  });

  it('keeps string properties on one line (the schema patterns are `^(.*)$`)', () => {
    const parseError = lines.map((l) => JSON.parse(l.line) as { eventType: string; eventDescription: string }).find((v) => v.eventType === 'ERROR_ADS_RESPONSE_PARSE');
    expect(parseError?.eventDescription).toBe('not XML: unexpected "<html>" at line 1');
  });
});
