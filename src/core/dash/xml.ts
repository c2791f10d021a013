/**
 * @module core/dash/xml
 * The MPD's XML as a small typed tree that keeps everything: document order, namespace prefixes
 * and declarations, comments, CDATA, processing instructions, whitespace, and every element and
 * attribute we do not touch. Parsed with fast-xml-parser (`preserveOrder`), serialized by us.
 * Pure; nothing here throws on any input.
 *
 * Text is kept *as written* (entities not decoded): the parser runs with `processEntities: false`,
 * so no entity is ever expanded (a billion-laughs document stays a few bytes, see mpd-parse), and
 * unchanged values serialize byte for byte. Readers decode with `decodeXmlText`; writers encode
 * with `escapeAttr` / `escapeText`.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XElement {
  readonly kind: 'element';
  /** Qualified name as written (`scte35:SpliceInfoSection`). */
  readonly name: string;
  /** Attribute values as written (escaped form), in document order. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
}
export interface XText {
  readonly kind: 'text';
  /** As written: entities are not decoded. */
  readonly raw: string;
}
export interface XComment {
  readonly kind: 'comment';
  readonly text: string;
}
export interface XCData {
  readonly kind: 'cdata';
  readonly text: string;
}
/** `<?xml …?>` and other processing instructions; attrs as the parser read them. */
export interface XPi {
  readonly kind: 'pi';
  readonly target: string;
  readonly attrs: Readonly<Record<string, string>>;
}
export type XNode = XElement | XText | XComment | XCData | XPi;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  allowBooleanAttributes: true,
  processEntities: false,
  htmlEntities: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  ignoreDeclaration: false,
  ignorePiTags: false,
});

/** fast-xml-parser's preserveOrder output → our nodes. Throws only what the library throws. */
export function parseXmlNodes(xml: string): XNode[] {
  const nodes: unknown = parser.parse(xml);
  return Array.isArray(nodes) ? convertList(nodes) : [];
}

function convertList(list: readonly unknown[]): XNode[] {
  const out: XNode[] = [];
  for (const item of list) {
    const node = convert(item);
    if (node) out.push(node);
  }
  return out;
}

function convert(item: unknown): XNode | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  let name: string | undefined;
  for (const key in record) {
    if (key !== ':@') {
      name = key;
      break;
    }
  }
  if (name === undefined) return undefined;
  const value = record[name];
  if (name === '#text') return { kind: 'text', raw: String(value) };
  if (name === '#comment') return { kind: 'comment', text: innerText(value) };
  if (name === '#cdata') return { kind: 'cdata', text: innerText(value) };
  const attrs = readAttrs(record[':@']);
  if (name.startsWith('?')) return { kind: 'pi', target: name.slice(1), attrs };
  return { kind: 'element', name, attrs, children: Array.isArray(value) ? convertList(value) : [] };
}

function innerText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  let s = '';
  for (const v of value) if (typeof v === 'object' && v !== null && '#text' in v) s += String((v as Record<string, unknown>)['#text']);
  return s;
}

const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/** The parser's attribute object, reused as is when every value is a string (the usual case). */
function readAttrs(value: unknown): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null) return NO_ATTRS;
  const record = value as Record<string, unknown>;
  let allStrings = true;
  for (const k in record) {
    if (typeof record[k] !== 'string') {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return record as Record<string, string>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) attrs[k] = typeof v === 'string' ? v : v === true ? '' : String(v);
  return attrs;
}

// ---------------------------------------------------------------------------------------------
// Serialization

/** Nodes → XML text. Empty elements are written self-closed (`<S …/>`), which XML treats the same. */
export function serializeNodes(nodes: readonly XNode[]): string {
  let out = '';
  for (const n of nodes) out += nodeText(n);
  return out;
}

// String concatenation (V8 ropes) rather than an array of parts: fewer allocations on large MPDs.
function nodeText(n: XNode): string {
  switch (n.kind) {
    case 'text':
      return n.raw;
    case 'comment':
      return `<!--${n.text}-->`;
    case 'cdata':
      return `<![CDATA[${n.text}]]>`;
    case 'pi':
      return `<?${n.target}${attrText(n.attrs)}?>`;
    case 'element': {
      const open = `<${n.name}${attrText(n.attrs)}`;
      if (n.children.length === 0) return `${open}/>`;
      let s = `${open}>`;
      for (const c of n.children) s += nodeText(c);
      return `${s}</${n.name}>`;
    }
  }
}

function attrText(attrs: Readonly<Record<string, string>>): string {
  let s = '';
  // Values are stored escaped; only a `"` (legal raw inside a single-quoted value) needs care.
  for (const k in attrs) {
    const v = attrs[k] ?? '';
    s += ` ${k}="${v.includes('"') ? v.replaceAll('"', '&quot;') : v}"`;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Escaping

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; unknown references stay as written. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[\dA-Fa-f]{1,6}|#\d{1,7}|[A-Za-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

export function escapeAttr(value: string): string {
  return value.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}

export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

// ---------------------------------------------------------------------------------------------
// Reading and building

/** The name without its namespace prefix. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export function isElement(n: XNode | undefined): n is XElement {
  return n !== undefined && n.kind === 'element';
}

/** Child elements with the given local name, in document order. */
export function childElements(el: XElement, local: string): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && (c.name === local || localName(c.name) === local)) out.push(c);
  return out;
}

export function firstChild(el: XElement, local: string): XElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && (c.name === local || localName(c.name) === local)) return c;
  return undefined;
}

/** An attribute, decoded; undefined when absent. */
export function attr(el: XElement, name: string): string | undefined {
  const raw = el.attrs[name];
  return raw === undefined ? undefined : decodeXmlText(raw);
}

/** Character data of an element (text and CDATA), decoded. */
export function textContent(el: XElement): string {
  let s = '';
  for (const c of el.children) {
    if (c.kind === 'text') s += decodeXmlText(c.raw);
    else if (c.kind === 'cdata') s += c.text;
  }
  return s;
}

/** A copy with attributes set (plain values, escaped here) or removed (`undefined`), order kept. */
export function withAttrs(el: XElement, changes: Readonly<Record<string, string | undefined>>): XElement {
  const attrs: Record<string, string> = { ...el.attrs };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete attrs[k];
    else attrs[k] = escapeAttr(v);
  }
  return { ...el, attrs };
}

export function withChildren(el: XElement, children: readonly XNode[]): XElement {
  return { ...el, children };
}

/** A new element; attribute values are plain text (escaped here), undefined ones left out. */
export function element(name: string, attrs: Readonly<Record<string, string | number | undefined>> = {}, children: readonly XNode[] = []): XElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = escapeAttr(String(v));
  return { kind: 'element', name, attrs: a, children };
}

export function textNode(value: string): XText {
  return { kind: 'text', raw: escapeText(value) };
}

/** The prefix a child should use to stay in its parent's namespace (`scte35:` for `scte35:X`). */
export function prefixOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? '' : name.slice(0, i + 1);
}
