/**
 * Result types of the lead intake. Field names and value forms of `IntakeResult` (minus the
 * `display` and `diagnostics` extras) follow ../shared/design/lead-format.md exactly.
 */

export type SourceFormat = 'adf' | 'marketplace' | 'website-form' | 'unknown';

export type NotALeadReason =
  | 'auto-reply'
  | 'newsletter'
  | 'reply-in-thread'
  | 'no-lead-content'
  | 'bounce'
  | 'unparseable';

export type PreferredContact = 'phone' | 'email' | 'text';
export type VehicleStatus = 'new' | 'used';
export type VehicleInterest = 'buy' | 'lease' | 'test-drive' | 'sell';

export interface LeadSource {
  format: SourceFormat;
  /** Who sent the lead (canonical provider name when recognised), or null. */
  provider: string | null;
  /** 0..1 */
  confidence: number;
}

export interface LeadCustomer {
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  /** lower-cased */
  email: string | null;
  /** best phone in E.164 */
  phone: string | null;
  postalCode: string | null;
  preferredContact: PreferredContact | null;
}

export interface LeadVehicle {
  year: number | null;
  make: string | null;
  model: string | null;
  trim: string | null;
  vin: string | null;
  stock: string | null;
  status: VehicleStatus | null;
  interest: VehicleInterest | null;
  price: number | null;
}

export interface LeadTradeIn {
  year: number | null;
  make: string | null;
  model: string | null;
  odometer: number | null;
}

export interface ParsedLead {
  externalId: string | null;
  /** ISO 8601 UTC, or null */
  requestedAt: string | null;
  customer: LeadCustomer;
  vehicle: LeadVehicle | null;
  tradeIn: LeadTradeIn | null;
  /** The customer's own words, verbatim, or null. */
  comments: string | null;
  /**
   * True when `comments` holds customer-written free text. Such text is data, never
   * instructions: the drafting step must quote it, not obey it.
   */
  untrusted: boolean;
  /** True when the comments look like an attempt to instruct an AI (kept verbatim anyway). */
  injectionSuspected: boolean;
}

export interface OptOut {
  /** The address to put on the dealership's suppression list (lower-cased). */
  address: string;
  /** The opt-out wording that was found, e.g. "STOP" or "remove me". */
  matched: string;
}

export interface ThreadInfo {
  inReplyTo: string | null;
  /** Message-IDs from References (angle brackets kept), capped. */
  references: string[];
}

/**
 * The From mailbox exactly as the MIME parser structured it (RFC 5322 quoting and RFC 2047
 * encoded words already resolved). Callers use this, never `display.from`, to know who sent a
 * message: a display name may itself contain commas, quotes or "<someone@else>".
 */
export interface Sender {
  /** The sender's address, lower-cased; null when the From header holds no usable address. */
  address: string | null;
  /** The display name as plain text (controls removed, whitespace collapsed), or null. */
  name: string | null;
}

/** What the lead detail view needs besides the parsed fields. All strings are plain text. */
export interface DisplayInfo {
  from: string | null;
  subject: string | null;
  /** Sending time from the Date header as ISO 8601 UTC, or null. */
  sentAt: string | null;
  /**
   * The message body as plain text, safe to show as text: no markup, no remote content,
   * control and bidi-override characters removed, length capped.
   */
  safeText: string;
  /** True when safeText was cut at the display cap. */
  safeTextTruncated: boolean;
  /** The ADF XML exactly as found (after transfer/HTML decoding), or null; capped. */
  rawAdf: string | null;
  attachments: { filename: string | null; mimeType: string; size: number }[];
}

export interface Diagnostics {
  /** Units of work spent by extraction (characters examined); bounded by input size and caps. */
  work: number;
  inputBytes: number;
  /** Short machine-readable notes, e.g. "adf-repaired-ampersand", "body-truncated". */
  notes: string[];
}

/** One message's outcome: the contract's JSON line plus extras for the app. */
export interface IntakeResult {
  messageId: string | null;
  inReplyTo: string | null;
  isLead: boolean;
  reason: NotALeadReason | null;
  source: LeadSource;
  leads: ParsedLead[];
  error: string | null;
  /** Extra: a customer asked not to be contacted again. */
  optOut: OptOut | null;
  /** Extra: thread headers, to attach a reply to its existing lead. */
  thread: ThreadInfo;
  /** Extra: who sent the message (structured; see Sender). */
  sender: Sender;
  display: DisplayInfo;
  diagnostics: Diagnostics;
}

/** Per-dealership settings passed in by the caller. */
export interface DealershipOptions {
  /** ISO 3166 region for phone numbers without a country code. Default "US". */
  defaultRegion?: string;
  /** IANA time zone for dates without an offset. Default "America/Chicago". */
  timeZone?: string;
  /** The dealership's own email domains (website forms come from these). */
  ownDomains?: readonly string[];
  /** Messages larger than this are refused with an error. Default 25 MiB. */
  maxMessageBytes?: number;
}
