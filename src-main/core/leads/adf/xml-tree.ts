/**
 * Lenient XML to a small element tree with htmlparser2 in XML mode: tag and attribute names
 * lower-cased, namespace prefixes dropped, CDATA kept as text, entities decoded, stray "&"
 * and "<" left as text, unclosed or mismatched tags tolerated. (fast-xml-parser was tried
 * first: ~4-6x slower on ADF-sized documents, which broke the intake's speed budget.)
 * Never throws; element count is capped.
 */
import { Parser } from 'htmlparser2';

export interface XmlEl {
  name: string;
  attrs: Record<string, string>;
  children: XmlEl[];
  text: string;
}

export type XmlValue = XmlEl | undefined;

const MAX_ELEMENTS = 20_000;
const MAX_TEXT_PER_ELEMENT = 64 * 1024;

export function parseXml(xml: string): XmlEl | null {
  const root: XmlEl = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlEl[] = [root];
  let count = 0;
  let dropped = 0; // depth of elements opened past the cap
  try {
    const parser = new Parser(
      {
        onopentag(rawName, attrs) {
          if (count >= MAX_ELEMENTS) {
            dropped++;
            return;
          }
          count++;
          const colon = rawName.indexOf(':');
          const name = colon === -1 ? rawName : rawName.slice(colon + 1);
          const el: XmlEl = { name, attrs, children: [], text: '' };
          const top = stack[stack.length - 1] ?? root;
          top.children.push(el);
          stack.push(el);
        },
        ontext(t) {
          const top = stack[stack.length - 1] ?? root;
          if (top.text.length < MAX_TEXT_PER_ELEMENT) top.text += t;
        },
        onclosetag() {
          if (dropped > 0) {
            dropped--;
            return;
          }
          if (stack.length > 1) stack.pop();
        },
      },
      { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: true, decodeEntities: true },
    );
    parser.write(xml);
    parser.end();
  } catch {
    return root.children.length ? root : null;
  }
  return root;
}

/** Child elements named `name`. */
export function kids(node: XmlValue, name: string): XmlEl[] {
  if (!node) return [];
  return node.children.filter((c) => c.name === name);
}

export function kid(node: XmlValue, name: string): XmlValue {
  if (!node) return undefined;
  return node.children.find((c) => c.name === name);
}

/** Own text content of an element, trimmed, or null. */
export function text(node: XmlValue): string | null {
  if (!node) return null;
  const t = node.text.trim();
  return t ? t : null;
}

export function attr(node: XmlValue, name: string): string | null {
  if (!node) return null;
  const v = node.attrs[name];
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

export function childText(node: XmlValue, name: string): string | null {
  return text(kid(node, name));
}

/** First element named `name` at any depth (breadth-first, bounded by the element cap). */
export function findFirst(root: XmlEl, name: string): XmlEl | undefined {
  const queue: XmlEl[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    if (!n) break;
    if (n.name === name) return n;
    for (const c of n.children) queue.push(c);
  }
  return undefined;
}
