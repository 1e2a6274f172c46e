import { useCallback, useState } from 'react';
import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';

export interface LeadSearch {
  readonly leads: readonly LeadSummary[];
  /** More leads matched than were returned. */
  readonly truncated: boolean;
  readonly loading: boolean;
  readonly error: string | null;
  /** Ask again after a failure. */
  readonly retry: () => void;
}

const resultLimit = 100;
const noLeads: readonly LeadSummary[] = [];

/** Full-text search over all leads for an already debounced query; the latest query wins. */
export function useLeadSearch(query: string): LeadSearch {
  const [tries, setTries] = useState(0);
  const [answer] = useAsyncResource(
    query === '' ? null : query,
    () => getClient().leads.search({ query, limit: resultLimit }),
    'Search did not work. Try again.',
    tries,
  );
  const retry = useCallback(() => setTries((n) => n + 1), []);
  return {
    leads: answer.state === 'ready' ? answer.value.leads : noLeads,
    truncated: answer.state === 'ready' && answer.value.truncated,
    loading: answer.state === 'loading',
    error: answer.state === 'failed' ? answer.message : null,
    retry,
  };
}
