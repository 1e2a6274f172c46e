import type { InboxFilters, LeadStatus } from '../../../../src-shared/contract/areas/leads';

/** What the rep picked in the filter bar; an empty status list means every status. */
export interface InboxChoice {
  readonly statuses: readonly LeadStatus[];
  readonly assignee: 'anyone' | 'unassigned';
  readonly source: string | null;
}

export const noFilters: InboxChoice = { statuses: [], assignee: 'anyone', source: null };

export function toInboxFilters(choice: InboxChoice): InboxFilters {
  return {
    ...(choice.statuses.length > 0 ? { status: [...choice.statuses] } : {}),
    ...(choice.assignee === 'unassigned' ? { assignee: null } : {}),
    ...(choice.source !== null ? { source: choice.source } : {}),
  };
}

/** Stable across renders for equal choices: used as the inbox's React key. */
export const choiceKey = (choice: InboxChoice): string => JSON.stringify(toInboxFilters(choice));
