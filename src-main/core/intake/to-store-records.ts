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
