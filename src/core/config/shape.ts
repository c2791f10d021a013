/**
 * @module core/config/shape
 * A tiny declarative validator for JSON request bodies shaped by the AWS MediaTailor API model:
 * exact member names, types, bounds, and the model's JSON names (`tags` for the member `Tags`).
 * Pure; no dependency because the shapes are small and the messages matter.
 *
 * Unknown members of a structure are accepted, kept as sent and reported (their paths are pushed
 * to `unknown`), because a newer AWS model adds members all the time and a client built from it
 * must keep working: rejecting them would turn each new AWS field into an outage. Only names that
 * no model member can have are refused: names that are not identifiers, and the names of
 * `Object.prototype` members (`__proto__`, `constructor`, `toString`…), which would otherwise
 * reach the prototype of the objects built here. Map keys (tags, headers) may be anything; they
 * are written as own properties, so `{"__proto__": "x"}` is an ordinary tag.
 */
import { err, ok, type Result } from '../result.ts';

export type Shape =
  | { readonly kind: 'string'; readonly maxLength?: number; readonly enum?: readonly string[]; readonly url?: boolean }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | {
      readonly kind: 'object';
      readonly fields: Readonly<Record<string, Shape>>;
      /** Read-only members a GET returns; dropped from the stored value. */
      readonly ignored?: readonly string[];
      /** Other accepted spellings → the member's stored name (e.g. `Tags` → `tags`). */
      readonly aliases?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'record'; readonly value: Shape; readonly maxEntries?: number; readonly maxKeyLength?: number; readonly keyPattern?: RegExp }
  | { readonly kind: 'array'; readonly items: Shape; readonly maxItems?: number };

/** What a model member name looks like (AWS Smithy member names are identifiers). */
const MEMBER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Validates `value` against `shape`; returns a copy without ignored (read-only) fields and with
 * aliases renamed. Paths of unknown structure members are appended to `unknown`.
 */
export function checkShape(value: unknown, shape: Shape, path: string, unknown: string[] = []): Result<unknown, string> {
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return err(`${path} must be a string`);
      if (shape.maxLength !== undefined && value.length > shape.maxLength) {
        return err(`${path} must be at most ${shape.maxLength} characters`);
      }
      if (shape.enum && !shape.enum.includes(value)) return err(`${path} must be one of ${shape.enum.join(', ')}`);
      if (shape.url && !isHttpUrlTemplate(value)) return err(`${path} must be an http(s) URL`);
      return ok(value);
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(`${path} must be a number`);
      if (shape.integer && !Number.isInteger(value)) return err(`${path} must be an integer`);
      if (shape.min !== undefined && value < shape.min) return err(`${path} must be at least ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) return err(`${path} must be at most ${shape.max}`);
      return ok(value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : err(`${path} must be a boolean`);
    case 'array': {
      if (!Array.isArray(value)) return err(`${path} must be an array`);
      if (shape.maxItems !== undefined && value.length > shape.maxItems) return err(`${path} must have at most ${shape.maxItems} items`);
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const r = checkShape(value[i], shape.items, `${path}[${i}]`, unknown);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return ok(out);
    }
    case 'record': {
      if (!isPlainObject(value)) return err(`${path} must be an object`);
      const entries = Object.entries(value);
      if (shape.maxEntries !== undefined && entries.length > shape.maxEntries) {
        return err(`${path} must have at most ${shape.maxEntries} entries`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        if (shape.maxKeyLength !== undefined && k.length > shape.maxKeyLength) return err(`${path} key is too long`);
        if (shape.keyPattern && !shape.keyPattern.test(k)) return err(`${path} key ${JSON.stringify(k)} is not valid`);
        const r = checkShape(v, shape.value, `${path}.${k}`, unknown);
        if (!r.ok) return r;
        setOwn(out, k, r.value);
      }
      return ok(out);
    }
    case 'object':
      return checkObject(value, shape, path, unknown);
  }
}

function checkObject(value: unknown, shape: Extract<Shape, { kind: 'object' }>, path: string, unknown: string[]): Result<unknown, string> {
  if (!isPlainObject(value)) return err(`${path || 'the request body'} must be an object`);
  const out: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (PROTOTYPE_NAMES.has(k) || !MEMBER_NAME.test(k)) return err(`${JSON.stringify(at)} is not a valid field name`);
    if (shape.ignored?.includes(k)) continue;
    const name = (shape.aliases && Object.hasOwn(shape.aliases, k) ? shape.aliases[k] : undefined) ?? k;
    const field = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
    if (v === null || v === undefined) continue;
    const earlier = spelledAs.get(name);
    if (earlier !== undefined) return err(`${at}: give either ${earlier} or ${k}, not both`);
    spelledAs.set(name, k);
    if (!field) {
      // A member of a newer model: kept as sent (it is JSON), reported, not acted on.
      unknown.push(at);
      setOwn(out, k, v);
      continue;
    }
    const r = checkShape(v, field, path ? `${path}.${name}` : name, unknown);
    if (!r.ok) return r;
    setOwn(out, name, r.value);
  }
  return ok(out);
}

/** Defines an own, enumerable property, even for a key like `__proto__` that assignment would not create. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * http(s) URL, allowing the `{{self}}` origin placeholder (this deployment's own origin, used by
 * the demo and same-worker setups) and MediaTailor's `[player_params.*]` domain variables (a
 * leading one stands for the scheme and host, filled from ConfigurationAliases).
 */
export function isHttpUrlTemplate(value: string): boolean {
  // A leading variable is a domain variable that names the scheme and host (ConfigurationAliases).
  const probe = value.replace(/^\{\{self\}\}/, 'http://self.invalid').replace(/^\[player_params\.[^\]]*\]/i, 'http://alias.invalid').replace(/\[[^\]]*\]/g, 'x');
  try {
    const u = new URL(probe);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
