import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxFilters, LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';

export interface InboxPages {
  readonly leads: readonly LeadSummary[];
  /** True once the first page answered (an empty inbox is then really empty). */
  readonly loaded: boolean;
  readonly loading: boolean;
  readonly hasMore: boolean;
  readonly error: string | null;
  /** Ask for the next (older) page, or again for one that failed; ignored while one is on its way. */
  readonly loadMore: () => void;
}

interface PagesState {
  readonly leads: readonly LeadSummary[];
  /** Where the next page starts; null at the end. The first page's cursor is null too. */
  readonly nextCursor: string | null;
  readonly loaded: boolean;
  readonly error: string | null;
  /** A page is on its way. */
  readonly pending: boolean;
}

const pageSize = 50;
const initial: PagesState = { leads: [], nextCursor: null, loaded: false, error: null, pending: true };

/**
 * The lead inbox for one set of filters, newest first, one keyset page at a time.
 * Mount it again (a React key) when the filters change: that starts over from the top.
 */
export function useInboxPages(filters: InboxFilters): InboxPages {
  const [state, setState] = useState<PagesState>(initial);
  // Read by loadMore (an event), so a burst of scroll events asks for each page once.
  const latest = useRef(state);
  const inFlight = useRef(false);
  const alive = useRef(true);

  useEffect(() => {
    latest.current = state;
  }, [state]);

  const fetchPage = useCallback(
    (cursor: string | null) => {
      if (inFlight.current) return;
      inFlight.current = true;
      getClient()
        .leads.listInbox({ filters, limit: pageSize, ...(cursor === null ? {} : { cursor }) })
        .then(
          (page) => {
            inFlight.current = false;
            if (!alive.current) return;
            setState((s) => ({ leads: [...s.leads, ...page.leads], nextCursor: page.nextCursor, loaded: true, error: null, pending: false }));
          },
          (error: unknown) => {
            inFlight.current = false;
            if (!alive.current) return;
            setState((s) => ({ ...s, loaded: s.loaded, pending: false, error: userMessage(error, 'Could not load leads. Try again in a moment.') }));
          },
        );
    },
    [filters],
  );

  useEffect(() => {
    alive.current = true;
    // Strict mode runs this twice; inFlight makes the second a no-op while the first is answering.
    fetchPage(null);
    return () => {
      alive.current = false;
    };
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    const s = latest.current;
    if (inFlight.current || s.pending) return;
    const firstPageFailed = !s.loaded || (s.leads.length === 0 && s.error !== null);
    if (!firstPageFailed && s.nextCursor === null) return;
    setState((prev) => ({ ...prev, pending: true, error: null }));
    fetchPage(firstPageFailed ? null : s.nextCursor);
  }, [fetchPage]);

  return {
    leads: state.leads,
    loaded: state.loaded,
    loading: state.pending,
    hasMore: state.nextCursor !== null,
    error: state.error,
    loadMore,
  };
}
