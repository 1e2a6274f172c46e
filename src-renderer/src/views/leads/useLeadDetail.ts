import { useCallback, useState } from 'react';
import type { LeadDetail } from '../../../../src-shared/contract/areas/leads';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';

export type LeadDetailState =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly detail: LeadDetail };

interface LeadDetailAnswer {
  readonly lead: LeadDetailState;
  /** Take a newer answer (a correction). */
  readonly replace: (detail: LeadDetail) => void;
  /** Ask again after a failure. */
  readonly retry: () => void;
}

/** Everything about one lead, asked again when the id changes. */
export function useLeadDetail(id: string): LeadDetailAnswer {
  const [tries, setTries] = useState(0);
  const [answer, update] = useAsyncResource(id, () => getClient().leads.getDetail({ id }), 'Could not open this lead. Try again.', tries);
  const replace = useCallback((detail: LeadDetail) => update(() => detail), [update]);
  const retry = useCallback(() => setTries((n) => n + 1), []);

  let lead: LeadDetailState;
  if (answer.state === 'failed') lead = answer;
  else if (answer.state !== 'ready') lead = { state: 'loading' };
  else lead = answer.value ? { state: 'ready', detail: answer.value } : { state: 'missing' };
  return { lead, replace, retry };
}
