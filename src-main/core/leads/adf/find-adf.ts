/**
 * Finds ADF/XML wherever it travels: plain text body, HTML body (raw or HTML-escaped, with
 * markup interleaved), or any attachment whose content is ADF whatever its name or type.
 * Linear scans with indexOf over capped strings.
 */
import { decodeEntities } from '../text/entities';
import { decodeAttachmentText, type MimeMessage } from '../mime';
import { LIMITS, clip, type WorkMeter } from '../limits';

export type AdfOrigin = 'text' | 'html' | 'html-escaped' | 'attachment';

export interface AdfCandidate {
  xml: string;
  origin: AdfOrigin;
  filename: string | null;
}

const OPEN_RE = /<adf[\s>/]/i;

/** Start of the ADF document in s: a preceding <?xml ...?> / <?adf ...?> is kept with it. */
function adfSlice(s: string, lower: string): string | null {
  const m = OPEN_RE.exec(lower);
  if (!m) return null;
  let start = m.index;
  const windowStart = Math.max(0, start - 400);
  const before = lower.slice(windowStart, start);
  const pi = Math.min(
    ...[before.indexOf('<?xml'), before.indexOf('<?adf')].filter((i) => i >= 0).concat([before.length]),
  );
  if (pi < before.length) start = windowStart + pi;
  const close = lower.lastIndexOf('</adf');
  let end = lower.length;
  if (close > start) {
    const gt = lower.indexOf('>', close);
    end = gt === -1 ? lower.length : gt + 1;
  }
  return s.slice(start, Math.min(end, start + LIMITS.maxAdfChars));
}

/** Removes HTML markup that mail clients wrap around inline ADF (<br>, <pre>, <span>, ...). */
function stripHtmlWrappers(s: string): string {
  return s.replace(/<\/?(?:br|p|div|span|pre|font|b|i|u|tt|code|blockquote|html|body|head|meta|table|tr|td|tbody)\b[^<>]{0,500}>/gi, '');
}

function fromText(text: string, meter: WorkMeter): AdfCandidate | null {
  const t = clip(text, LIMITS.maxScanChars * 2);
  meter.add(t.length);
  const lower = t.toLowerCase();
  if (!lower.includes('<adf')) return null;
  const xml = adfSlice(t, lower);
  return xml ? { xml, origin: 'text', filename: null } : null;
}

function fromHtml(html: string, meter: WorkMeter): AdfCandidate | null {
  const h = clip(html, LIMITS.maxHtmlChars);
  meter.add(h.length * 2);
  const lower = h.toLowerCase();
  if (lower.includes('<adf')) {
    const xml = adfSlice(h, lower);
    if (xml) return { xml: stripHtmlWrappers(xml), origin: 'html', filename: null };
  }
  const esc = lower.indexOf('&lt;adf');
  if (esc === -1) return null;
  // decode the escaped region (plus a little before it for <?xml/<?adf instructions)
  const from = Math.max(0, esc - 600);
  const endTag = lower.lastIndexOf('&lt;/adf&gt;');
  const to = endTag > esc ? endTag + '&lt;/adf&gt;'.length : Math.min(lower.length, esc + LIMITS.maxAdfChars * 2);
  const region = h.slice(from, to);
  // markup between the escaped tags is HTML of the message, not part of the ADF
  const decoded = decodeEntities(region.replace(/<[^<>]{0,500}>/g, ''));
  const dl = decoded.toLowerCase();
  const xml = adfSlice(decoded, dl);
  return xml ? { xml, origin: 'html-escaped', filename: null } : null;
}

function fromAttachments(m: MimeMessage, meter: WorkMeter): AdfCandidate | null {
  let n = 0;
  for (const a of m.attachments) {
    if (n++ >= LIMITS.maxAttachmentsScanned) break;
    const mt = a.mimeType.toLowerCase();
    if (mt.startsWith('image/') || mt.startsWith('audio/') || mt.startsWith('video/')) continue;
    // cheap sniff on raw bytes first: "adf" must appear as ASCII (or UTF-16) for it to be ADF
    const head = a.content.subarray(0, Math.min(a.content.length, LIMITS.maxAttachmentBytes));
    meter.add(head.length);
    const text = decodeAttachmentText(head);
    const lower = text.toLowerCase();
    if (lower.includes('<adf')) {
      const xml = adfSlice(text, lower);
      if (xml) return { xml, origin: 'attachment', filename: a.filename };
    } else if (lower.includes('&lt;adf')) {
      const c = fromHtml(text, meter);
      if (c) return { ...c, origin: 'attachment', filename: a.filename };
    }
  }
  return null;
}

/** All ADF candidates in priority order: text body, HTML body, attachments. */
export function findAdf(m: MimeMessage, meter: WorkMeter): AdfCandidate[] {
  const out: AdfCandidate[] = [];
  if (m.text) {
    const c = fromText(m.text, meter);
    if (c) out.push(c);
  }
  if (m.html) {
    const c = fromHtml(m.html, meter);
    if (c) out.push(c);
  }
  const a = fromAttachments(m, meter);
  if (a) out.push(a);
  return out;
}
