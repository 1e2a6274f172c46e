import type { BadgeCounts, InboxPage, LeadDetail, LeadStatus, SearchResult } from '../../../../src-shared/contract/areas/leads';
import type { LeadKey } from '../../leads/dedupe';
import { BadgeQueries } from '../queries/badges';
import { DetailQueries } from '../queries/detail';
import { duplicateCandidates, type CandidateProbe } from '../queries/duplicate-candidates';
import { InboxQueries, type InboxQuery } from '../queries/inbox';
import { SearchQueries } from '../queries/search';
import type { WritePath } from '../write-path';
import { addSourceToLead, attachReplyOrStartLead, type AttachedReply } from '../writes/lead-merge';
import type { SourceMatch } from '../writes/lead-sources';
import {
  correctLeadField,
  insertLeadWithMessage,
  markFirstResponse,
  updateLeadAssignee,
  updateLeadStatus,
  type CorrectableField,
  type IngestedLead,
  type NewLead,
  type NewMessage,
} from '../writes/leads';
import { isWithheld, type WithheldMessage } from '../writes/tombstones';

/** Leads: the inbox and its queries, intake (with dedupe's merges), and the rep's changes. */
export class LeadsPart {
  readonly #w: WritePath;
  readonly #inbox: InboxQueries;
  readonly #search: SearchQueries;
  readonly #detail: DetailQueries;
  readonly #badges: BadgeQueries;

  constructor(w: WritePath) {
    this.#w = w;
    this.#inbox = new InboxQueries(w.db);
    this.#search = new SearchQueries(w.db);
    this.#detail = new DetailQueries(w.db);
    this.#badges = new BadgeQueries(w.db);
  }

  // ---- named queries (what the renderer can ask for, through the contract) ----

  listInbox(query: InboxQuery = {}): InboxPage {
    return this.#inbox.page(query);
  }

  detail(id: string): LeadDetail | null {
    return this.#detail.detail(id);
  }

  search(query: string, limit?: number): SearchResult {
    return this.#search.search(query, limit);
  }

  sources(): { provider: string; leads: number }[] {
    return this.#badges.sources();
  }

  /** New leads, and the outbox's unsent and failed replies: what the navigation badges show. */
  badgeCounts(me?: string): BadgeCounts {
    return this.#badges.counts(me);
  }

  // ---- intake ----

  /**
   * One lead email. Withheld (nothing stored, counted in the audit log by mailbox only) when it
   * is about a customer deleted on request and was received at or before the deletion; the
   * check runs in the insert's own transaction, so a purge applied meanwhile is honoured.
   */
  ingest(accountId: string, message: NewMessage, lead: NewLead): IngestedLead | WithheldMessage {
    return this.#w.run((at) => this.#w.countWithheld(accountId, at, insertLeadWithMessage(this.#w.db, accountId, message, lead, at)));
  }

  /**
   * Many leads in one transaction (initial sync, seed, benchmark). Items about a customer
   * deleted on request (as in ingest) are left out of the store and of the result.
   */
  ingestMany(accountId: string, items: readonly { message: NewMessage; lead: NewLead }[]): IngestedLead[] {
    return this.#w.run((at) => {
      const stored: IngestedLead[] = [];
      for (const i of items) {
        const r = this.#w.countWithheld(accountId, at, insertLeadWithMessage(this.#w.db, accountId, i.message, i.lead, at));
        if (!isWithheld(r)) stored.push(r);
      }
      return stored;
    });
  }

  /** Existing leads an incoming one may repeat, for the pure dedupe rules to decide. */
  duplicateCandidates(probe: CandidateProbe): LeadKey[] {
    return duplicateCandidates(this.#w.db, probe);
  }

  /** The same inquiry again (decided by dedupe): one lead, one more source. */
  addSource(
    leadId: string,
    accountId: string,
    message: NewMessage,
    lead: NewLead,
    matchedOn: Exclude<SourceMatch, 'first'> | 'customer-reply-email',
  ): IngestedLead | WithheldMessage {
    return this.#w.run((at) => this.#w.countWithheld(accountId, at, addSourceToLead(this.#w.db, leadId, accountId, message, lead, matchedOn, at)));
  }

  /**
   * A reply in an existing conversation joins its lead's thread; withheld when a customer
   * deleted on request sent it before the deletion. When no lead owns the thread, `orphan`
   * (if given) becomes a new lead, unless its sender opted out; null when nothing was stored.
   */
  attachReply(accountId: string, message: NewMessage, orphan: NewLead | null = null): AttachedReply | WithheldMessage | null {
    return this.#w.run((at) => this.#w.countWithheld(accountId, at, attachReplyOrStartLead(this.#w.db, accountId, message, orphan, at)));
  }

  // ---- the rep's changes ----

  setStatus(leadId: string, status: LeadStatus, actor: string): void {
    this.#w.run((at) => {
      updateLeadStatus(this.#w.db, leadId, status, at);
      this.#w.audit({ at, actor, action: 'lead.status', leadId, detail: { status } });
    });
  }

  assign(leadId: string, assignee: string | null, actor: string): void {
    this.#w.run((at) => {
      updateLeadAssignee(this.#w.db, leadId, assignee, at);
      this.#w.audit({ at, actor, action: 'lead.assigned', leadId, detail: { assignee } });
    });
  }

  /** A rep's correction; an email or phone of a customer deleted on request is accepted (see correctLeadField). */
  correct(leadId: string, field: CorrectableField, value: string | null, actor: string): void {
    this.#w.run((at) => {
      correctLeadField(this.#w.db, leadId, field, value, actor, at);
      this.#w.audit({ at, actor, action: 'lead.corrected', leadId, detail: { field } });
    });
  }

  recordFirstResponse(leadId: string, at: Date): void {
    this.#w.run(() => markFirstResponse(this.#w.db, leadId, at.getTime()));
  }
}
