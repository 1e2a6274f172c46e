/**
 * Lenient XML to a uniform tree with fast-xml-parser: every element is an array of nodes,
 * tag and attribute names lower-cased, values kept as strings (no number coercion, so
 * "00123" stays "00123"). Never throws: a hopeless document yields null.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | number | boolean | XmlNode | XmlValue[] | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: true,
  removeNSPrefix: true,
  transformTagName: (t: string) => t.toLowerCase(),
  transformAttributeName: (a: string) => a.toLowerCase(),
  isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

export function parseXml(xml: string): XmlNode | null {
  try {
    const out: unknown = parser.parse(xml);
    return out !== null && typeof out === 'object' ? (out as XmlNode) : null;
  } catch {
    return null;
  }
}

function isNode(v: XmlValue): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Child elements named `name` (always an array). */
export function kids(node: XmlValue, name: string): XmlValue[] {
  if (!isNode(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function kid(node: XmlValue, name: string): XmlValue {
  return kids(node, name)[0];
}

/** Text content of an element (own text only), trimmed, or null. */
export function text(node: XmlValue): string | null {
  if (node === undefined) return null;
  if (typeof node === 'string') return node.trim() || null;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  const t = node['#text'];
  if (t === undefined) return null;
  return text(t);
}

export function attr(node: XmlValue, name: string): string | null {
  if (!isNode(node)) return null;
  const v = node[`@_${name}`];
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function childText(node: XmlValue, name: string): string | null {
  return text(kid(node, name));
}
