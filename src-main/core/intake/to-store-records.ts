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
    fromAddress: addressOf(result.display.from),
    fromName: nameOf(result.display.from),
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

function addressOf(from: string | null): string | null {
  if (!from) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  const bare = /([^\s<>"]+@[^\s<>"]+)/.exec(from);
  return (angle?.[1] ?? bare?.[1] ?? null)?.toLowerCase() ?? null;
}

function nameOf(from: string | null): string | null {
  if (!from) return null;
  const name = from.replace(/<[^<>]*>/, '').replace(/"/g, '').trim();
  return name === '' || name.includes('@') ? null : name;
}
