import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { formatCount } from '../format/lead';
import type { RouteId } from './routes';

/** A count on a navigation link, with what it counts said on screen and in its tooltip. */
export interface NavBadge {
  readonly count: string;
  /** Shown after the count in the badge: "94 new", "1 failed". */
  readonly word: string;
  /** The whole sentence: the link's tooltip and accessible description. */
  readonly says: string;
  readonly tone: 'accent' | 'danger';
}

const some = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Leads: the leads whose status is New (leads.badgeCounts' newLeads). Outbox: the replies that
 * could not be sent, else those waiting to send (the rows the Outbox lists).
 */
export function navBadgeFor(route: RouteId, counts: BadgeCounts | null): NavBadge | null {
  if (!counts) return null;
  if (route === 'leads' && counts.newLeads > 0) {
    return { count: formatCount(counts.newLeads), word: 'new', says: `${some(counts.newLeads, 'lead', 'leads')} with the status New`, tone: 'accent' };
  }
  if (route === 'outbox' && counts.outboxFailed > 0) {
    const waiting = counts.outboxPending > 0 ? `; ${some(counts.outboxPending, 'reply', 'replies')} waiting to send` : '';
    return { count: formatCount(counts.outboxFailed), word: 'failed', says: `${some(counts.outboxFailed, 'reply', 'replies')} could not be sent${waiting}`, tone: 'danger' };
  }
  if (route === 'outbox' && counts.outboxPending > 0) {
    return { count: formatCount(counts.outboxPending), word: 'waiting', says: `${some(counts.outboxPending, 'reply', 'replies')} waiting to send`, tone: 'accent' };
  }
  return null;
}
