/**
 * @module core/dash/mpd-parse
 * Origin MPD text → document model, or an error value with a message the playback route can
 * answer 502 with. Pure, never throws.
 *
 * Refused: text over the size cap; a DOCTYPE that declares entities (no entity is ever expanded:
 * the parser keeps `&name;` as written, and a document that declares its own entities is an
 * attack or a mistake, never an MPD); anything that is not well-formed XML; a root that is not
 * `MPD`; no Period; a Period without AdaptationSet (a remote `xlink:href` period we do not
 * resolve, or an empty one: players stall on it); a Period whose start cannot be derived
 * (ISO/IEC 23009-1 §5.3.2.1, see period-timing).
 */
import { XMLValidator } from 'fast-xml-parser';
import { resolvePeriodTimings, readMpdInfo, periodElements, describePeriod, type MpdInfo, type PeriodTiming } from './period-timing.ts';
import { childElements, localName, parseXmlNodes, serializeNodes, type XElement, type XNode } from './xml.ts';

/** Default cap on MPD text: 4 MiB of characters. A 2-hour SegmentTimeline VOD MPD is ~0.3 MiB. */
export const MAX_MPD_CHARS = 4 * 1024 * 1024;

export type MpdErrorCode = 'too-large' | 'entity-declaration' | 'not-xml' | 'no-mpd-root' | 'no-period' | 'empty-period' | 'period-timing';

export interface MpdError {
  readonly code: MpdErrorCode;
  readonly message: string;
}

/** A parsed MPD: the nodes around the root (declaration, comments) and the root itself. */
export interface MpdDocument {
  readonly prolog: readonly XNode[];
  readonly root: XElement;
  readonly epilog: readonly XNode[];
}

export interface ParsedMpd {
  readonly doc: MpdDocument;
  readonly info: MpdInfo;
  readonly periods: readonly PeriodTiming[];
}

export type MpdParse = { readonly ok: true; readonly value: ParsedMpd } | { readonly ok: false; readonly error: MpdError };

const fail = (code: MpdErrorCode, message: string): MpdParse => ({ ok: false, error: { code, message: `origin MPD ${message}` } });

export function parseMpd(text: unknown, options: { readonly maxChars?: number } = {}): MpdParse {
  if (typeof text !== 'string') return fail('not-xml', 'is not text');
  const maxChars = options.maxChars ?? MAX_MPD_CHARS;
  if (text.length > maxChars) return fail('too-large', `is too large (${text.length} characters; the limit is ${maxChars})`);
  const entity = findEntityDeclaration(text);
  if (entity) return fail('entity-declaration', `declares XML entities in its DOCTYPE (${entity}); entity declarations are refused`);
  const check = XMLValidator.validate(text);
  if (check !== true) return fail('not-xml', `is not well-formed XML: line ${check.err.line}, col ${check.err.col}: ${check.err.msg}`);

  let nodes: XNode[];
  try {
    nodes = parseXmlNodes(text);
  } catch (e) {
    // The library throws on nesting beyond its limit and on hostile names.
    return fail('not-xml', `could not be parsed: ${e instanceof Error ? e.message : 'XML parser failed'}`);
  }
  const rootAt = nodes.findIndex((n) => n.kind === 'element');
  const root = nodes[rootAt];
  if (root === undefined || root.kind !== 'element') return fail('no-mpd-root', 'has no root element');
  if (localName(root.name) !== 'MPD') return fail('no-mpd-root', `root element is <${root.name}>, not <MPD>`);
  if (nodes.slice(rootAt + 1).some((n) => n.kind === 'element')) return fail('not-xml', 'has more than one root element');

  const periods = periodElements(root);
  if (periods.length === 0) return fail('no-period', 'has no Period');
  for (const [i, p] of periods.entries()) {
    if (childElements(p, 'AdaptationSet').length > 0) continue;
    const remote = Object.keys(p.attrs).some((k) => localName(k) === 'href');
    return fail('empty-period', `${describePeriod(p, i)} has no AdaptationSet${remote ? ' (remote xlink periods are not supported)' : ''}`);
  }
  const info = readMpdInfo(root);
  const timings = resolvePeriodTimings(root, info);
  if (!timings.ok) return fail('period-timing', timings.error.message);
  return { ok: true, value: { doc: { prolog: nodes.slice(0, rootAt), root, epilog: nodes.slice(rootAt + 1) }, info, periods: timings.value } };
}

/** The document as XML text. */
export function serializeMpd(doc: MpdDocument): string {
  // The parser keeps whitespace between top-level nodes only sometimes: one line each, always.
  const top = [...doc.prolog, doc.root, ...doc.epilog].filter((n) => n.kind !== 'text' || n.raw.trim() !== '');
  return top.map((n) => serializeNodes([n])).join('\n');
}

/** A copy of the document with a new root. */
export function withRoot(doc: MpdDocument, root: XElement): MpdDocument {
  return { ...doc, root };
}

/** The first `<!ENTITY` of a DOCTYPE internal subset, quoted for the message; undefined when none. */
function findEntityDeclaration(text: string): string | undefined {
  const doctype = /<!DOCTYPE/i.exec(text);
  if (!doctype) return undefined;
  const rest = text.slice(doctype.index);
  const decl = /<!ENTITY\s+%?\s*([^\s"'>]{1,40})/i.exec(rest);
  return decl ? `<!ENTITY ${decl[1]}` : undefined;
}
