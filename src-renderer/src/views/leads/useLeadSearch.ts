import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';

export interface LeadSearch {
  readonly leads: readonly LeadSummary[];
  /** More leads matched than were returned. */
  readonly truncated: boolean;
  readonly loading: boolean;
  readonly error: string | null;
}

const resultLimit = 100;
const noLeads: readonly LeadSummary[] = [];

/** Full-text search over all leads for an already debounced query; the latest query wins. */
export function useLeadSearch(query: string): LeadSearch {
  const [answer] = useAsyncResource(
    query === '' ? null : query,
    () => getClient().leads.search({ query, limit: resultLimit }),
    'Search did not work. Try again.',
  );
  return {
    leads: answer.state === 'ready' ? answer.value.leads : noLeads,
    truncated: answer.state === 'ready' && answer.value.truncated,
    loading: answer.state === 'loading',
    error: answer.state === 'failed' ? answer.message : null,
  };
}
