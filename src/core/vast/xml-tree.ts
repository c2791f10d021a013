/**
 * @module core/vast/xml-tree
 * A small, typed element tree over fast-xml-parser for the VAST and VMAP readers. Pure, never
 * throws (docs/architecture.md §3): ad-server XML is third-party input, so every failure becomes a value.
 *
 * Why a tree of our own: fast-xml-parser's `preserveOrder` output is untyped nested arrays; the
 * readers want `children(el, 'Tracking')`, `attr(el, 'event')`, `text(el)` with namespace
 * prefixes gone (`vmap:AdBreak` → `AdBreak`: VMAP 1.0.1 documents use the `vmap:` prefix).
 *
 * Well-formedness: VAST 4.2 §2.3.2 asks for well-formed XML 1.0; the parser alone accepts
 * truncated documents (unclosed tags vanish), so the text is first checked with XMLValidator.
 * The one sloppiness tolerated is a bare `&` in a URL outside CDATA (VAST 4.2 §2.3.3 shows it as
 * the common mistake); it is escaped for the check only, the parser keeps it literal.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Local name: the namespace prefix removed, case as written. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /**
   * Direct character data (text and CDATA, entities decoded), untrimmed. For raw elements
   * (see `RAW_ELEMENTS`) it is the inner markup with CDATA unwrapped and entities decoded.
   */
  readonly text: string;
  /** Inner markup exactly as written, only for raw elements. */
  readonly raw?: string;
}

export type XmlParse = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly message: string };

/**
 * Elements whose content is kept verbatim instead of parsed: free-form payloads that are not
 * VAST (VAST 4.2 §3.18 Extension, §3.7.3 CreativeExtension, §3.8.2 AdParameters, §3.15.3
 * HTMLResource, §3.17.5 VerificationParameters; VMAP 1.0.1 CustomAdData).
 */
const RAW_ELEMENTS = ['Extension', 'CreativeExtension', 'AdParameters', 'HTMLResource', 'VerificationParameters', 'CustomAdData'] as const;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  allowBooleanAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  stopNodes: RAW_ELEMENTS.map((n) => `*.${n}`),
});

const BARE_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[\dA-Fa-f]+);)/g;

/** Parses an XML document into its root element. */
export function parseXml(xml: string): XmlParse {
  const check = XMLValidator.validate(xml.replace(BARE_AMPERSAND, '&amp;'), { allowBooleanAttributes: true });
  if (check !== true) {
    return { ok: false, message: `line ${check.err.line}, col ${check.err.col}: ${check.err.msg}` };
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(xml);
  } catch (e) {
    // The library throws on hostile names (`__proto__`) and nesting beyond its limit.
    return { ok: false, message: e instanceof Error ? e.message : 'XML parser failed' };
  }
  const root = Array.isArray(nodes) ? convertNodes(nodes).find(() => true) : undefined;
  return root ? { ok: true, root } : { ok: false, message: 'no root element' };
}

/** Parses an XML fragment (several sibling elements, e.g. an Extension's content). */
export function parseXmlFragment(xml: string): readonly XmlElement[] {
  const wrapped = parseXml(`<fragment>${xml}</fragment>`);
  return wrapped.ok ? wrapped.root.children : [];
}

function convertNodes(nodes: readonly unknown[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const el = convertNode(node);
    if (el) out.push(el);
  }
  return out;
}

function convertNode(node: unknown): XmlElement | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  const name = Object.keys(record).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const content = record[name];
  const list = Array.isArray(content) ? content : [];
  const attrs = readAttributes(record[':@']);
  let text = '';
  for (const child of list) {
    if (typeof child === 'object' && child !== null && '#text' in child) {
      text += String((child as Record<string, unknown>)['#text']);
    }
  }
  if ((RAW_ELEMENTS as readonly string[]).includes(name)) {
    return { name, attrs, children: [], text: rawToText(text), raw: text };
  }
  return { name, attrs, children: convertNodes(list), text };
}

function readAttributes(value: unknown): Readonly<Record<string, string>> {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof value !== 'object' || value === null) return attrs;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // removeNSPrefix leaves `xmlns` declarations out; anything else is kept as a string.
    attrs[key] = typeof v === 'string' ? v : v === true ? '' : String(v);
  }
  return attrs;
}

/** Unwraps CDATA sections and decodes entities outside them, keeping any markup literally. */
export function rawToText(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('<![CDATA[', i);
    if (start < 0) {
      out += decodeEntities(raw.slice(i));
      break;
    }
    out += decodeEntities(raw.slice(i, start));
    const end = raw.indexOf(']]>', start + 9);
    out += raw.slice(start + 9, end < 0 ? raw.length : end);
    i = end < 0 ? raw.length : end + 3;
  }
  return out;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[\dA-Fa-f]+|#\d+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(NAMED_ENTITIES, ref) ? (NAMED_ENTITIES[ref] ?? whole) : whole;
  });
}

// ---------------------------------------------------------------------------------------------
// Accessors. Element names match case-insensitively: real servers send `<Inline>` or
// `<Mediafiles>`, and no two VAST elements differ only by case.

/** Child elements with the given local name, in document order. */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  const lower = name.toLowerCase();
  return el.children.filter((c) => c.name === name || c.name.toLowerCase() === lower);
}

/** The first child element with the given local name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  const lower = name.toLowerCase();
  return el.children.find((c) => c.name === name || c.name.toLowerCase() === lower);
}

/** Children reached by a path of names: `descendants(inline, 'Creatives', 'Creative')`. */
export function descendants(el: XmlElement | undefined, ...path: string[]): XmlElement[] {
  let level: XmlElement[] = el ? [el] : [];
  for (const name of path) level = level.flatMap((e) => children(e, name));
  return level;
}

/**
 * An attribute value. Exact name first (the spec's spelling), then case-insensitive, because
 * servers write `apiframework` or `Delivery`.
 */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  if (Object.hasOwn(el.attrs, name)) return el.attrs[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(el.attrs)) if (key.toLowerCase() === lower) return el.attrs[key];
  return undefined;
}

/** Trimmed text content, or undefined when empty. */
export function text(el: XmlElement | undefined): string | undefined {
  const t = el?.text.trim();
  return t === undefined || t === '' ? undefined : t;
}
