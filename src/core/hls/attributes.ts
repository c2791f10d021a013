/**
 * @module core/hls/attributes
 * HLS attribute-list parsing (RFC 8216bis §4.2): `NAME=VALUE,NAME="quoted, value",…`.
 * Pure. Tolerant: malformed pairs are skipped, never thrown, because origin playlists are
 * third-party input (docs/architecture.md §3).
 */

/** Parsed attribute list; quoted values are unquoted, everything else is the raw token. */
export type AttributeList = Map<string, string>;

/** Parses the text after `#TAG:`. Names are kept as written (the spec makes them upper case). */
export function parseAttributeList(text: string): AttributeList {
  const attrs: AttributeList = new Map();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x2c)) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim();
    i = eq + 1;
    let value: string;
    if (text.charCodeAt(i) === 0x22) {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? n : close;
      value = text.slice(i + 1, end);
      i = end + 1;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      value = text.slice(i, end).trim();
      i = end;
    }
    if (name.length > 0) attrs.set(name, value);
  }
  return attrs;
}

/**
 * Replaces the value of one quoted attribute (e.g. `URI="…"`) in a tag line, keeping every
 * other byte of the line as the origin wrote it (unknown attributes pass through, §6 rules).
 * Returns the line unchanged when the attribute is absent.
 */
export function replaceQuotedAttribute(line: string, name: string, value: string): string {
  const key = `${name}="`;
  let from = line.indexOf(':');
  while (from >= 0) {
    const at = line.indexOf(key, from);
    if (at < 0) return line;
    const prev = line.charCodeAt(at - 1);
    // The attribute must start the list or follow a comma, so `XURI="` is not matched as `URI="`.
    if (prev === 0x3a || prev === 0x2c || prev === 0x20) {
      const start = at + key.length;
      const end = line.indexOf('"', start);
      if (end < 0) return line;
      return line.slice(0, start) + value + line.slice(end);
    }
    from = at + key.length;
  }
  return line;
}

/** Quotes a value for an attribute list; strips characters the grammar forbids in quoted strings. */
export function quoteAttribute(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** Parses `WIDTHxHEIGHT` (RFC 8216bis decimal-resolution). */
export function parseResolution(value: string | undefined): { width: number; height: number } | undefined {
  if (!value) return undefined;
  const m = /^(\d+)x(\d+)$/i.exec(value.trim());
  if (!m) return undefined;
  return { width: Number(m[1]), height: Number(m[2]) };
}
