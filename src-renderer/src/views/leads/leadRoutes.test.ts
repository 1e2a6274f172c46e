import { describe, expect, it } from 'vitest';
import { choiceKey, noFilters, toInboxFilters } from './inboxFilters';
import { leadHref, leadIdFromHash } from './useOpenLead';

describe('lead URL', () => {
  it('round-trips a lead id through the hash', () => {
    expect(leadIdFromHash(leadHref('a b/c'))).toBe('a b/c');
    expect(leadIdFromHash('#/leads')).toBeNull();
    expect(leadIdFromHash('#/leads/')).toBeNull();
    expect(leadIdFromHash('#/outbox/x')).toBeNull();
    expect(leadIdFromHash('#/leads/%E0%A4%A')).toBeNull();
  });
});

describe('inbox filters', () => {
  it('sends only what the rep chose; unassigned is null, anyone is omitted', () => {
    expect(toInboxFilters(noFilters)).toEqual({});
    expect(toInboxFilters({ statuses: ['new', 'contacted'], assignee: 'unassigned', source: 'Cars.com' })).toEqual({
      status: ['new', 'contacted'],
      assignee: null,
      source: 'Cars.com',
    });
    expect(choiceKey({ ...noFilters })).toBe(choiceKey(noFilters));
  });
});
