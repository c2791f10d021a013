/**
 * @module core/vast/detect
 * `detectAdResponseKind(xml)`: is an ad-server body VAST or VMAP? Pure, never throws. Reads
 * only the root element's name (after the XML declaration, comments, processing instructions
 * and a DOCTYPE), ignoring a namespace prefix (`vmap:VMAP`, as VMAP 1.0.1 writes it) and case.
 * A cheap look before the full parse, so the caller can route the body.
 */

export type AdResponseKind = 'vast' | 'vmap' | 'unknown';

export function detectAdResponseKind(xml: string): AdResponseKind {
  const name = rootElementName(xml)?.toLowerCase();
  if (name === undefined) return 'unknown';
  const local = name.slice(name.indexOf(':') + 1);
  return local === 'vast' ? 'vast' : local === 'vmap' ? 'vmap' : 'unknown';
}

/** The qualified name of the first element, or undefined when there is none. */
export function rootElementName(xml: string): string | undefined {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const c = xml.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (c !== 0x3c /* < */) return undefined;
    if (xml.startsWith('<?', i)) i = skipPast(xml, i + 2, '?>');
    else if (xml.startsWith('<!--', i)) i = skipPast(xml, i + 4, '-->');
    else if (xml.startsWith('<!', i)) i = skipDoctype(xml, i + 2);
    else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(i, i + 256));
      return m?.[1];
    }
  }
  return undefined;
}

function skipPast(xml: string, from: number, terminator: string): number {
  const end = xml.indexOf(terminator, from);
  return end < 0 ? xml.length : end + terminator.length;
}

/** `<!DOCTYPE …>` possibly with an internal subset `[ … ]`. */
function skipDoctype(xml: string, from: number): number {
  const close = xml.indexOf('>', from);
  const open = xml.indexOf('[', from);
  if (open >= 0 && (close < 0 || open < close)) return skipPast(xml, open, ']>');
  return close < 0 ? xml.length : close + 1;
}
