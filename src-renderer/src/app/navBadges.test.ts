import { describe, expect, it } from 'vitest';
import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { navBadgeFor } from './navBadges';

const counts = (over: Partial<BadgeCounts>): BadgeCounts => ({ newLeads: 0, unassigned: 0, mine: 0, outboxPending: 0, outboxFailed: 0, ...over });

describe('the navigation badges say what they count', () => {
  it('Leads counts the leads whose status is New', () => {
    expect(navBadgeFor('leads', counts({ newLeads: 94, unassigned: 3, mine: 7 }))).toEqual({ count: '94', word: 'new', says: '94 leads with the status New', tone: 'accent' });
    expect(navBadgeFor('leads', counts({ newLeads: 1 }))?.says).toBe('1 lead with the status New');
    expect(navBadgeFor('leads', counts({ newLeads: 1200 }))?.count).toBe('1,200');
  });

  it('Outbox shows failures first, and its tooltip names the waiting ones too', () => {
    expect(navBadgeFor('outbox', counts({ outboxFailed: 1, outboxPending: 2 }))).toEqual({
      count: '1', word: 'failed', says: '1 reply could not be sent; 2 replies waiting to send', tone: 'danger',
    });
    expect(navBadgeFor('outbox', counts({ outboxPending: 3 }))).toEqual({ count: '3', word: 'waiting', says: '3 replies waiting to send', tone: 'accent' });
  });

  it('shows no badge for nothing, before the first answer, or on other links', () => {
    expect(navBadgeFor('leads', counts({}))).toBeNull();
    expect(navBadgeFor('outbox', counts({}))).toBeNull();
    expect(navBadgeFor('leads', null)).toBeNull();
    expect(navBadgeFor('team', counts({ newLeads: 5, outboxFailed: 1 }))).toBeNull();
  });
});
