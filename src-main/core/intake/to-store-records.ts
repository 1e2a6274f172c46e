import type { IntakeResult, ParsedLead } from '../leads/index';
import type { NewLead, NewMessage } from '../store/index';

export interface MailboxMessageRef {
  /** The mailbox provider's id (Gmail message id, Graph message id, file name for demo). */
  readonly providerMessageId: string;
  readonly providerThreadId?: string | null;
  readonly receivedAt: number;
}

/** Maps the parser's output to the store's records: one message row, one lead per prospect. */
export function toStoreRecords(result: IntakeResult, ref: MailboxMessageRef): { message: NewMessage; lead: NewLead }[] {
  return result.leads.map((lead, index) => ({
    // Several prospects in one email become several leads, each with its own copy of the message.
    message: messageRecord(result, { ...ref, providerMessageId: index === 0 ? ref.providerMessageId : `${ref.providerMessageId}#${index}` }),
    lead: toNewLead(result, lead),
  }));
}

/** The message row of an email (a lead's, or a reply joining a thread). */
export function messageRecord(result: IntakeResult, ref: MailboxMessageRef): NewMessage {
  return {
    providerMessageId: ref.providerMessageId,
    providerThreadId: ref.providerThreadId ?? null,
    internetMessageId: result.messageId,
    inReplyTo: result.thread.inReplyTo,
    references: result.thread.references,
    direction: 'inbound',
    // The parser's structured From, never re-read from the display string: a display name
    // such as "Kim, Jordan <x@y>" must not decide whose message this is.
    fromAddress: result.sender.address,
    fromName: nameOf(result.sender.name),
    subject: result.display.subject,
    sentAt: result.display.sentAt ? Date.parse(result.display.sentAt) : null,
    receivedAt: ref.receivedAt,
    bodyText: result.display.safeText,
    rawAdf: result.display.rawAdf,
  };
}

/** How a lead started by a reply to a conversation not on this computer is labelled. */
export const CUSTOMER_REPLY_SOURCE = { format: 'unknown', provider: 'Customer reply', confidence: 0.3 } as const;

/**
 * The lead a customer's reply starts when no lead here owns its thread: the sender's
 * structured address and name only. Null when the reply is not a customer writing back:
 * no usable sender, the dealership's own address, or machine-sent (auto-submitted, list mail,
 * a marketplace relay, a no-reply address).
 */
/** The parser's notes on a reply that mark it as not the customer writing back. */
const NOT_A_CUSTOMER_WRITING: ReadonlySet<string> = new Set([
  'reply-auto-submitted', 'reply-bulk', 'reply-marketplace-relay', 'reply-no-reply',
  // The parser's own-domain rule: options.ownDomains, or a From domain equal to a To domain.
  'reply-own-domain',
]);

export function replyLead(result: IntakeResult, ownDomains: readonly string[] = []): NewLead | null {
  const address = result.sender.address;
  if (!address || !address.includes('@')) return null;
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (ownDomains.some((d) => d.toLowerCase() === domain)) return null;
  if (result.diagnostics.notes.some((n) => NOT_A_CUSTOMER_WRITING.has(n))) return null;
  return {
    externalId: null,
    source: CUSTOMER_REPLY_SOURCE,
    customer: {
      firstName: null,
      lastName: null,
      fullName: nameOf(result.sender.name),
      email: address,
      phone: null,
      postalCode: null,
      preferredContact: null,
    },
    vehicle: null,
    tradeIn: null,
    comments: null,
    untrusted: true,
    injectionSuspected: false,
    requestedAt: null,
  };
}

function toNewLead(result: IntakeResult, lead: ParsedLead): NewLead {
  return {
    externalId: lead.externalId,
    source: result.source,
    customer: lead.customer,
    vehicle: lead.vehicle,
    tradeIn: lead.tradeIn,
    comments: lead.comments,
    untrusted: lead.untrusted,
    injectionSuspected: lead.injectionSuspected,
    requestedAt: lead.requestedAt ? Date.parse(lead.requestedAt) : null,
  };
}

/** A display name that contains "@" would read as an address that is not the sender's: not shown. */
function nameOf(name: string | null): string | null {
  return name === null || name.includes('@') ? null : name;
}
