/**
 * @module core/config/shape
 * A tiny declarative validator for JSON request bodies: exact field names, types, bounds, and
 * unknown fields rejected with a message naming the path (issue 2: "unknown fields rejected with
 * a clear message"). Pure; no dependency because the shapes are small and the messages matter.
 */
import { err, ok, type Result } from '../result.ts';

export type Shape =
  | { readonly kind: 'string'; readonly maxLength?: number; readonly enum?: readonly string[]; readonly url?: boolean }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly ignored?: readonly string[] }
  | { readonly kind: 'record'; readonly value: Shape; readonly maxEntries?: number; readonly maxKeyLength?: number }
  | { readonly kind: 'array'; readonly items: Shape; readonly maxItems?: number };

/** Validates `value` against `shape`; returns a copy without ignored (read-only) fields. */
export function checkShape(value: unknown, shape: Shape, path: string): Result<unknown, string> {
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
        const r = checkShape(value[i], shape.items, `${path}[${i}]`);
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
        const r = checkShape(v, shape.value, `${path}.${k}`);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return ok(out);
    }
    case 'object': {
      if (!isPlainObject(value)) return err(`${path} must be an object`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (shape.ignored?.includes(k)) continue;
        const field = shape.fields[k];
        if (!field) return err(`${path ? `${path}.` : ''}${k} is not a known field`);
        if (v === null || v === undefined) continue;
        const r = checkShape(v, field, path ? `${path}.${k}` : k);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return ok(out);
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * http(s) URL, allowing the `{{self}}` origin placeholder (this deployment's own origin, used by
 * the demo and same-worker setups) and MediaTailor's `[player_params.*]` domain variables.
 */
export function isHttpUrlTemplate(value: string): boolean {
  const probe = value.replace(/^\{\{self\}\}/, 'http://self.invalid').replace(/\[[^\]]*\]/g, 'x');
  try {
    const u = new URL(probe);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
