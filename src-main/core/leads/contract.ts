/** The command-line contract's JSON line for one message (../shared/design/lead-format.md). */
import type { IntakeResult, LeadSource, NotALeadReason, OptOut, ParsedLead } from './types';

export interface ContractLine {
  file: string;
  messageId: string | null;
  inReplyTo: string | null;
  isLead: boolean;
  reason: NotALeadReason | null;
  source: LeadSource;
  leads: ParsedLead[];
  error: string | null;
  /** extra: an opt-out found in a customer's message */
  optOut: OptOut | null;
}

export function toContractLine(file: string, r: IntakeResult): ContractLine {
  return {
    file,
    messageId: r.messageId,
    inReplyTo: r.inReplyTo,
    isLead: r.isLead,
    reason: r.reason,
    source: r.source,
    leads: r.leads,
    error: r.error,
    optOut: r.optOut,
  };
}
