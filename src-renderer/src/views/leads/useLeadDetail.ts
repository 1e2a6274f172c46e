import { useCallback, useEffect, useState } from 'react';
import type { LeadDetail } from '../../../../src-shared/contract/areas/leads';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';

export type LeadDetailState =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly detail: LeadDetail };

interface Answer {
  readonly id: string;
  readonly result: LeadDetailState;
}

/** Everything about one lead, asked again when the id changes; `replace` takes a newer answer (a correction). */
export function useLeadDetail(id: string): { readonly lead: LeadDetailState; readonly replace: (detail: LeadDetail) => void } {
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    let active = true;
    getClient()
      .leads.getDetail({ id })
      .then(
        (detail) => {
          if (active) setAnswer({ id, result: detail ? { state: 'ready', detail } : { state: 'missing' } });
        },
        (error: unknown) => {
          if (active) setAnswer({ id, result: { state: 'failed', message: userMessage(error, 'Could not open this lead. Try again.') } });
        },
      );
    return () => {
      active = false;
    };
  }, [id]);

  const replace = useCallback((detail: LeadDetail) => setAnswer({ id: detail.id, result: { state: 'ready', detail } }), []);
  return { lead: answer?.id === id ? answer.result : { state: 'loading' }, replace };
}
