/**
 * Entry point of the lead intake: one RFC 822 message in, one IntakeResult out.
 * Pure: no file or network I/O, no logging. Never throws or rejects: failures come back as
 * `error`. Work is bounded by the caps in ./limits.
 */
import type {
  DealershipOptions, DisplayInfo, IntakeResult, LeadSource, NotALeadReason, OptOut, ParsedLead, Sender,
} from './types';
import { LIMITS, WorkMeter, clip } from './limits';
import { resolveOptions, type ResolvedOptions } from './options';
import { parseMime, type MimeMessage } from './mime';
import { findAdf, type AdfCandidate } from './adf/find-adf';
import { parseAdf, type AdfParseResult } from './adf/parse-adf';
import { htmlToText } from './text/html-to-text';
import { safeDisplayText } from './text/safe-text';
import { extractFields, type Fields } from './text/label-values';
import { cappedLines } from './text/lines';
import { isMarketplaceSender, matchRecognizer, type RecognizerMatch } from './marketplaces/index';
import { fieldsToLead, hasContact, hasLeadContent } from './fields-to-lead';
import { messageIds, notLeadSignals } from './not-a-lead';
import { detectOptOut, ownWords } from './opt-out';
import { splitFullName } from './names';
import { isNoReplyAddress, normaliseEmailAddress } from './email-address';
import { markUntrusted } from './untrusted';
import { cleanField, cleanMultiline } from './text/safe-text';
import { parseVehicleDescription, findVin, emptyVehicle } from './vehicle-text';

const KNOWN_HEADERS = ['from', 'to', 'subject', 'date', 'message-id', 'content-type', 'received', 'mime-version', 'return-path', 'reply-to', 'sender'];

const NO_SOURCE: LeadSource = { format: 'unknown', provider: null, confidence: 0 };

function emptyDisplay(): DisplayInfo {
  return { from: null, subject: null, sentAt: null, safeText: '', safeTextTruncated: false, rawAdf: null, attachments: [] };
}

function errorResult(error: string, inputBytes: number, partial?: Partial<IntakeResult>): IntakeResult {
  return {
    messageId: null,
    inReplyTo: null,
    isLead: false,
    reason: 'unparseable',
    source: NO_SOURCE,
    leads: [],
    error,
    optOut: null,
    thread: { inReplyTo: null, references: [] },
    sender: { address: null, name: null },
    display: emptyDisplay(),
    diagnostics: { work: 0, inputBytes, notes: [] },
    ...partial,
  };
}

function byteLength(raw: Uint8Array | string): number {
  return typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
}

/** Parse one message (bytes of an .eml, or its text). Resolves always; never rejects. */
export async function parseLeadEmail(raw: Uint8Array | string, options?: DealershipOptions): Promise<IntakeResult> {
  let inputBytes = 0;
  try {
    if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) return errorResult('input is not bytes or text', 0);
    inputBytes = byteLength(raw);
    const opts = resolveOptions(options);
    if (inputBytes > opts.maxMessageBytes) {
      return errorResult(`message too large (${inputBytes} bytes > ${opts.maxMessageBytes})`, inputBytes);
    }
    if (inputBytes === 0) return errorResult('empty message', 0);
    let mime: MimeMessage;
    try {
      mime = await parseMime(raw);
    } catch (e) {
      return errorResult(`MIME: ${shortReason(e)}`, inputBytes);
    }
    if (!KNOWN_HEADERS.some((h) => mime.headers.has(h))) {
      return errorResult('not an RFC 822 message: no known header fields', inputBytes);
    }
    return extractFromMime(mime, opts, inputBytes);
  } catch (e) {
    return errorResult(`internal: ${shortReason(e)}`, inputBytes);
  }
}

function shortReason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return clip(m.replace(/\s+/g, ' '), 160);
}

interface Bodies {
  /** Text used for extraction and display: the text part, else the HTML rendered as text. */
  text: string;
  /** The HTML part rendered as text (when there is also a text part), for a second try. */
  htmlText: string | null;
}

function bodiesOf(m: MimeMessage, meter: WorkMeter): Bodies {
  const text = m.text ? clip(m.text, LIMITS.maxScanChars * 2) : null;
  if (text && text.trim()) {
    return { text, htmlText: null };
  }
  return { text: m.html ? htmlToText(m.html, meter) : '', htmlText: null };
}

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at === -1 ? null : address.slice(at + 1).toLowerCase();
}

/** One plausible mailbox address: no spaces, brackets or controls, one "@". */
const PLAIN_ADDRESS = /^[^\s<>@\p{Cc}\p{Cf}]{1,64}@[^\s<>@\p{Cc}\p{Cf}]{1,253}$/u;

/** The structured From mailbox; the address in the strict form when it has one, else as given. */
function senderOf(m: MimeMessage): Sender {
  if (!m.from) return { address: null, name: null };
  const raw = m.from.address.trim();
  const address = normaliseEmailAddress(raw) ?? (raw.length <= 254 && PLAIN_ADDRESS.test(raw) ? raw.toLowerCase() : null);
  return { address, name: cleanField(m.from.name, 200) || null };
}

function display(m: MimeMessage, body: string, adf: AdfCandidate | null): DisplayInfo {
  const safe = safeDisplayText(body);
  const fromName = m.from?.name ? `${m.from.name} <${m.from.address}>` : (m.from?.address ?? null);
  return {
    from: fromName ? safeDisplayText(clip(fromName, 400)).text : null,
    subject: m.subject ? safeDisplayText(clip(m.subject, 1000)).text : null,
    sentAt: m.date,
    safeText: safe.text,
    safeTextTruncated: safe.truncated,
    rawAdf: adf ? safeDisplayText(clip(adf.xml, LIMITS.maxAdfChars)).text : null,
    attachments: m.attachments.slice(0, 100).map((a) => ({
      filename: a.filename ? clip(a.filename, 200) : null,
      mimeType: clip(a.mimeType, 100),
      size: a.content.byteLength,
    })),
  };
}

/** A person's name from a display name: quotes, "<...>" parts and address-like words dropped. */
function personName(displayName: string | null): string | null {
  if (!displayName) return null;
  const words = clip(displayName, 160).replace(/<[^<>]*>/g, ' ').replace(/["']/g, '').split(/\s+/).filter((w) => w && !w.includes('@'));
  return words.join(' ') || null;
}

/** A person writing directly about a vehicle ("Is the 2019 Tacoma still available?"). */
function directInquiry(m: MimeMessage, sender: Sender, body: string, opts: ResolvedOptions, meter: WorkMeter): ParsedLead | null {
  const from = normaliseEmailAddress(m.from?.address);
  if (!from || /^(no-?reply|do-?not-?reply|notifications?|mailer|bounce|news(letter)?|info|marketing)[@.+-]/.test(from)) {
    return null;
  }
  const own = ownWords(body);
  meter.add(own.length);
  const text = `${m.subject ?? ''}\n${own}`;
  const yearMake = /\b(19[89]\d|20\d\d) +([A-Z][A-Za-z-]{1,20}(?: +[A-Z0-9][A-Za-z0-9-]{0,20}){1,3})/.exec(text.slice(0, 4000));
  const vin = findVin(text);
  if (!yearMake && !vin) return null;
  const desc = parseVehicleDescription(yearMake?.[0] ?? null);
  const v = emptyVehicle();
  v.year = desc.year;
  v.make = desc.make;
  v.model = desc.model;
  v.trim = desc.trim;
  v.vin = vin;
  const name = splitFullName(personName(sender.name));
  const comments = cleanMultiline(own);
  const mark = markUntrusted(comments);
  void opts;
  return {
    externalId: null,
    requestedAt: null,
    customer: { ...name, email: from, phone: null, postalCode: null, preferredContact: null },
    vehicle: v,
    tradeIn: null,
    comments,
    untrusted: mark.untrusted,
    injectionSuspected: mark.injectionSuspected,
  };
}

function lineFields(body: string, match: RecognizerMatch | null, meter: WorkMeter): Fields {
  const fields = extractFields(body, meter, match?.recognizer.labels);
  const patterns = match?.recognizer.linePatterns;
  if (patterns) {
    for (const line of cappedLines(body, meter).slice(0, 200)) {
      for (const [key, re] of patterns) {
        if (fields[key] !== undefined) continue;
        const v = re.exec(line.trim())?.[1]?.trim();
        if (v) fields[key] = v;
      }
    }
  }
  return fields;
}

/** The extraction after MIME parsing (sync). Exposed for the benchmark and tests. */
export function extractFromMime(m: MimeMessage, opts: ResolvedOptions, inputBytes: number): IntakeResult {
  const meter = new WorkMeter();
  const signals = notLeadSignals(m);
  const references = messageIds(m.references, LIMITS.maxReferences);
  const thread = { inReplyTo: m.inReplyTo ? clip(m.inReplyTo, 300) : null, references };
  const bodies = bodiesOf(m, meter);
  const sender = senderOf(m);
  const base = {
    messageId: m.messageId ? clip(m.messageId, 300) : null,
    inReplyTo: thread.inReplyTo,
    thread,
    sender,
    error: null,
  };

  const finish = (
    isLead: boolean,
    reason: NotALeadReason | null,
    source: LeadSource,
    leads: ParsedLead[],
    adf: AdfCandidate | null,
    optOut: OptOut | null,
  ): IntakeResult => ({
    ...base,
    isLead,
    reason,
    source,
    leads,
    optOut,
    display: display(m, bodies.text, adf),
    diagnostics: { work: meter.units, inputBytes, notes: meter.notes },
  });

  // 1. ADF wherever it travels: explicit structured leads.
  let adfFound: AdfCandidate | null = null;
  let adfParsed: AdfParseResult | null = null;
  for (const c of findAdf(m, meter)) {
    const parsed = parseAdf(c.xml, { region: opts.defaultRegion, timeZone: opts.timeZone }, meter);
    adfFound ??= c;
    // a prospect with no way to reach anyone and no id is not a lead (e.g. ADF-looking noise)
    const leads = parsed ? parsed.leads.filter((l) => hasLeadContent(l) || l.externalId !== null) : [];
    if (parsed && leads.length > 0) {
      adfFound = c;
      adfParsed = { ...parsed, leads };
      break;
    }
  }
  const ownDomain = domainOf(m.from?.address ?? null);
  const senderIsOwnDomain =
    ownDomain !== null &&
    (opts.ownDomains.includes(ownDomain) || m.to.some((t) => domainOf(t.address) === ownDomain));
  const match = matchRecognizer({
    fromAddress: m.from?.address ?? null,
    fromName: m.from?.name ?? null,
    subject: m.subject,
    body: bodies.text,
    senderIsOwnDomain,
  });

  if (adfParsed && adfFound) {
    meter.note(`adf-in-${adfFound.origin}`);
    for (const r of adfParsed.repairs) meter.note(`adf-${r}`);
    const provider =
      match && match.recognizer.format === 'marketplace' && match.senderMatched
        ? match.recognizer.provider
        : (adfParsed.provider ?? (match?.senderMatched ? match.recognizer.provider : null));
    const conf = adfParsed.leads.some(hasContact) ? 0.95 : 0.8;
    return finish(true, null, { format: 'adf', provider, confidence: conf }, adfParsed.leads, adfFound, null);
  }
  if (adfFound) meter.note('adf-unreadable');

  const from = sender.address;
  if (signals.bounce) return finish(false, 'bounce', NO_SOURCE, [], adfFound, null);
  if (signals.autoReplyStrong) return finish(false, 'auto-reply', NO_SOURCE, [], adfFound, null);
  if (signals.inThread) {
    const optOut = detectOptOut(from, m.subject, bodies.text);
    // Machine-sent mail in a thread (Auto-Submitted, list mail) is no customer writing back.
    if (signals.autoReplyWeak) meter.note('reply-auto-submitted');
    if (signals.bulk) meter.note('reply-bulk');
    // Nor is a marketplace relay (it carries someone's words, not hers as a sender) or a no-reply address.
    if (isMarketplaceSender(from)) meter.note('reply-marketplace-relay');
    if (isNoReplyAddress(from)) meter.note('reply-no-reply');
    // Nor a colleague: the sender's domain is the dealership's (options.ownDomains, or a To domain).
    if (senderIsOwnDomain) meter.note('reply-own-domain');
    return finish(false, 'reply-in-thread', NO_SOURCE, [], adfFound, optOut);
  }

  // 2. Marketplace / website form / generic "Label: value".
  let fields = lineFields(bodies.text, match, meter);
  let lead = fieldsToLead(fields, { region: opts.defaultRegion, timeZone: opts.timeZone, subject: m.subject });
  if (!hasLeadContent(lead) && m.html && m.text) {
    // the text part can be a stub ("view this lead in your browser"): try the HTML part
    const htmlText = htmlToText(m.html, meter);
    fields = lineFields(htmlText, match, meter);
    const alt = fieldsToLead(fields, { region: opts.defaultRegion, timeZone: opts.timeZone, subject: m.subject });
    if (hasLeadContent(alt)) {
      lead = alt;
      meter.note('fields-from-html');
    }
  }
  // a website form's Reply-To is the customer
  if (lead.customer.email === null && match?.recognizer.format === 'website-form') {
    const rt = normaliseEmailAddress(m.replyTo?.address);
    if (rt && domainOf(rt) !== ownDomain) lead.customer.email = rt;
  }
  const recognised = match !== null && hasLeadContent(lead);
  if (signals.bulk && !(recognised && hasContact(lead))) return finish(false, 'newsletter', NO_SOURCE, [], null, null);
  if (signals.autoReplyWeak && !(recognised && hasContact(lead))) return finish(false, 'auto-reply', NO_SOURCE, [], null, null);

  if (hasLeadContent(lead)) {
    if (signals.bulk) meter.note('bulk-headers-on-lead');
    const source: LeadSource = match
      ? {
          format: match.recognizer.format,
          provider:
            match.recognizer.format === 'website-form'
              ? (m.from?.name ? clip(m.from.name, 120) : match.recognizer.provider)
              : match.recognizer.provider,
          confidence: match.confidence,
        }
      : { format: 'unknown', provider: null, confidence: 0.35 };
    return finish(true, null, source, [lead], null, null);
  }

  // 3. A person writing in about a vehicle, unlabelled.
  const optOut = detectOptOut(from, m.subject, bodies.text);
  if (!optOut && !signals.bulk) {
    const direct = directInquiry(m, sender, bodies.text, opts, meter);
    if (direct) return finish(true, null, { format: 'unknown', provider: null, confidence: 0.25 }, [direct], null, null);
  }
  return finish(false, 'no-lead-content', match ? { format: match.recognizer.format, provider: match.recognizer.provider, confidence: match.confidence } : NO_SOURCE, [], null, optOut);
}

export { resolveOptions };
export type { ResolvedOptions };
