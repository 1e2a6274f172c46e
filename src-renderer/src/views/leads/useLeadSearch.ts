import { useEffect, useState } from 'react';
import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';

export interface LeadSearch {
  readonly leads: readonly LeadSummary[];
  /** More leads matched than were returned. */
  readonly truncated: boolean;
  readonly loading: boolean;
  readonly error: string | null;
}

interface Answer {
  readonly query: string;
  readonly leads: readonly LeadSummary[];
  readonly truncated: boolean;
  readonly error: string | null;
}

const resultLimit = 100;

/** Full-text search over all leads for an already debounced query; the latest query wins. */
export function useLeadSearch(query: string): LeadSearch {
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (query === '') return;
    let active = true;
    getClient()
      .leads.search({ query, limit: resultLimit })
      .then(
        (result) => {
          if (active) setAnswer({ query, leads: result.leads, truncated: result.truncated, error: null });
        },
        (error: unknown) => {
          if (active) setAnswer({ query, leads: [], truncated: false, error: userMessage(error, 'Search did not work. Try again.') });
        },
      );
    return () => {
      active = false;
    };
  }, [query]);

  const current = answer?.query === query ? answer : null;
  return {
    leads: current?.leads ?? [],
    truncated: current?.truncated ?? false,
    loading: query !== '' && current === null,
    error: current?.error ?? null,
  };
}
