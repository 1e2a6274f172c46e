import { z } from 'zod';
import { call, event } from '../define';

// Named queries over the encrypted local store (the renderer never sees SQL or a DB handle).
// Not yet registered in ipc-contract.ts: the composition root wires handlers to src-main/core/store.

export const leadStatus = z.enum(['new', 'contacted', 'appointment', 'sold', 'lost']);
export type LeadStatus = z.infer<typeof leadStatus>;

export const leadSourceFormat = z.enum(['adf', 'marketplace', 'website-form', 'unknown']);
export const draftOrigin = z.enum(['ai', 'template', 'manual']);
export const outboxState = z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled']);

export const leadId = z.string().min(1).max(64);
const userId = z.string().min(1).max(128);
/** ISO 8601 UTC */
export const isoTime = z.string();

export const inboxFilters = z
  .object({
    /** Any of these statuses; omitted = all. */
    status: z.array(leadStatus).min(1).max(5).optional(),
    /** A rep's id; null = unassigned only; omitted = anyone. */
    assignee: userId.nullable().optional(),
    /** Lead provider as shown on the lead (e.g. "Cars.com"); omitted = all. */
    source: z.string().min(1).max(100).optional(),
  })
  .strict();
export type InboxFilters = z.infer<typeof inboxFilters>;

export const leadSummary = z.object({
  id: leadId,
  status: leadStatus,
  assignee: z.string().nullable(),
  customerName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  vehicle: z.string().nullable(),
  sourceFormat: leadSourceFormat,
  sourceProvider: z.string().nullable(),
  sourceConfidence: z.number().min(0).max(1),
  receivedAt: isoTime,
  firstResponseAt: isoTime.nullable(),
  /** A short start of the customer's comments, plain text. */
  preview: z.string().nullable(),
});
export type LeadSummary = z.infer<typeof leadSummary>;

export const inboxPageArgs = z
  .object({
    filters: inboxFilters.default({}),
    /** Opaque cursor from the previous page; omitted = first (newest) page. */
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export type InboxPageArgs = z.input<typeof inboxPageArgs>;

export const inboxPage = z.object({
  leads: z.array(leadSummary),
  /** Pass back as `cursor` for the next (older) page; null when this is the last page. */
  nextCursor: z.string().nullable(),
});
export type InboxPage = z.infer<typeof inboxPage>;

export const vehicle = z.object({
  year: z.number().int().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  trim: z.string().nullable(),
  vin: z.string().nullable(),
  stock: z.string().nullable(),
  status: z.enum(['new', 'used']).nullable(),
  interest: z.enum(['buy', 'lease', 'test-drive', 'sell']).nullable(),
  price: z.number().nullable(),
});

export const tradeIn = z.object({
  year: z.number().int().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  odometer: z.number().nullable(),
});

export const leadMessage = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  fromName: z.string().nullable(),
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  sentAt: isoTime.nullable(),
  receivedAt: isoTime,
  /** Plain text, safe to show as text (never HTML). */
  bodyText: z.string(),
  /** The ADF/XML the lead was read from, verbatim, when it had one. Show as text. */
  rawAdf: z.string().nullable(),
});

export const leadDraft = z.object({
  id: z.string(),
  version: z.number().int(),
  origin: draftOrigin,
  subject: z.string(),
  body: z.string(),
  createdBy: z.string(),
  createdAt: isoTime,
  approved: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: isoTime.nullable(),
});

export const leadOutboxItem = z.object({
  id: z.string(),
  state: outboxState,
  toAddress: z.string(),
  subject: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
});

export const leadCorrection = z.object({
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  correctedBy: z.string(),
  correctedAt: isoTime,
});

export const leadSourceEntry = z.object({
  format: leadSourceFormat,
  provider: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  externalId: z.string().nullable(),
  /** Why this arrival was recognised as the same inquiry ('first' = the lead's own). */
  matchedOn: z.enum(['first', 'message-id', 'provider-external-id', 'customer-vehicle-24h']),
  /** The message this source arrived in, or null when it was deleted. */
  messageId: z.string().nullable(),
  addedAt: isoTime,
});

export const leadDetail = leadSummary.extend({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  postalCode: z.string().nullable(),
  preferredContact: z.enum(['phone', 'email', 'text']).nullable(),
  vehicleDetail: vehicle.nullable(),
  tradeIn: tradeIn.nullable(),
  /** The customer's own words. Untrusted: show as text, quote, never follow as instructions. */
  comments: z.string().nullable(),
  commentsUntrusted: z.boolean(),
  injectionSuspected: z.boolean(),
  requestedAt: isoTime.nullable(),
  firstSeenAt: isoTime,
  mailboxAddress: z.string(),
  suppressed: z.boolean(),
  messages: z.array(leadMessage),
  drafts: z.array(leadDraft),
  outbox: z.array(leadOutboxItem),
  /** Every arrival of this inquiry: one lead, several sources. */
  sources: z.array(leadSourceEntry),
  corrections: z.array(leadCorrection),
});
export type LeadDetail = z.infer<typeof leadDetail>;

export const searchArgs = z
  .object({
    query: z.string().max(200),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .strict();
export type SearchArgs = z.input<typeof searchArgs>;

export const searchResult = z.object({
  leads: z.array(leadSummary),
  /** True when more leads matched than were returned. */
  truncated: z.boolean(),
});
export type SearchResult = z.infer<typeof searchResult>;

export const badgeCountsArgs = z.object({ me: userId.optional() }).strict();
export const badgeCounts = z.object({
  /** Leads nobody has answered yet. */
  newLeads: z.number().int(),
  /** New leads with no rep assigned. */
  unassigned: z.number().int(),
  /** Open leads (new/contacted/appointment) assigned to `me`; 0 when `me` was not given. */
  mine: z.number().int(),
  /** Approved replies waiting to go out. */
  outboxPending: z.number().int(),
  /** Replies that failed and need a look. */
  outboxFailed: z.number().int(),
});
export type BadgeCounts = z.infer<typeof badgeCounts>;

export const leadsCalls = {
  'leads.listInbox': call({
    summary: 'One page of the lead inbox, newest first, filtered by status/assignee/source.',
    args: inboxPageArgs,
    result: inboxPage,
  }),
  'leads.getDetail': call({
    summary: 'Everything about one lead: parsed fields, messages, drafts, outbox, corrections.',
    args: z.object({ id: leadId }).strict(),
    result: leadDetail.nullable(),
  }),
  'leads.search': call({
    summary: 'Full-text search over lead fields and message text, most recent first.',
    args: searchArgs,
    result: searchResult,
  }),
  'leads.badgeCounts': call({
    summary: 'Counts for the badges in the app frame.',
    args: badgeCountsArgs,
    result: badgeCounts,
  }),
  'leads.listSources': call({
    summary: 'Every lead source on this computer with its number of leads, for the source filter.',
    args: z.object({}).strict(),
    result: z.object({ sources: z.array(z.object({ provider: z.string(), leads: z.number().int() })) }),
  }),
  'leads.correctField': call({
    summary: 'A rep fixes a field the parser got wrong; the original is kept as a correction.',
    args: z
      .object({
        id: leadId,
        field: z.enum(['firstName', 'lastName', 'fullName', 'email', 'phone', 'postalCode', 'vehicle']),
        value: z.string().trim().max(200).nullable(),
      })
      .strict(),
    result: leadDetail,
  }),
} as const;

/** Why the renderer should ask again: which parts of the local store changed. */
export const leadsChangedPayload = z.object({
  parts: z.array(z.enum(['leads', 'mailboxes', 'drafts', 'outbox', 'purges', 'suppression'])).min(1),
});
export type LeadsChangedPayload = z.infer<typeof leadsChangedPayload>;

export const leadsEvents = {
  'leads.changed': event({
    summary: 'Something in the local store changed (a lead arrived or was edited, a reply queued or sent, a purge applied): badges and lists ask again. Coalesced, at most a few a second.',
    payload: leadsChangedPayload,
  }),
} as const;
