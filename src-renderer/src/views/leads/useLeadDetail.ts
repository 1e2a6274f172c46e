import { useCallback } from 'react';
import type { LeadDetail } from '../../../../src-shared/contract/areas/leads';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';

export type LeadDetailState =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly detail: LeadDetail };

/** Everything about one lead, asked again when the id changes; `replace` takes a newer answer (a correction). */
export function useLeadDetail(id: string): { readonly lead: LeadDetailState; readonly replace: (detail: LeadDetail) => void } {
  const [answer, update] = useAsyncResource(id, () => getClient().leads.getDetail({ id }), 'Could not open this lead. Try again.');
  const replace = useCallback((detail: LeadDetail) => update(() => detail), [update]);

  let lead: LeadDetailState;
  if (answer.state === 'failed') lead = answer;
  else if (answer.state !== 'ready') lead = { state: 'loading' };
  else lead = answer.value ? { state: 'ready', detail: answer.value } : { state: 'missing' };
  return { lead, replace };
}
