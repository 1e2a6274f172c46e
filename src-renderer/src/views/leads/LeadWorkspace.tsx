import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LeadDetail } from '../../../../src-shared/contract/areas/leads';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { ErrorScreen } from '../../components/ErrorScreen';
import { summaryOf } from '../../format/lead';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { getClient } from '../../ipc/client';
import { choiceKey, noFilters, toInboxFilters, type InboxChoice } from './inboxFilters';
import { LeadDetailPane } from './LeadDetailPane';
import { LeadFilters } from './LeadFilters';
import { LeadInbox } from './LeadInbox';
import { LeadSearchBox } from './LeadSearchBox';
import type { LeadPatches } from './patchLeads';
import { SearchResults } from './SearchResults';
import { useOpenLead } from './useOpenLead';

const searchDelayMs = 250;

/** `known` with any new names from `more`, sorted; the same array when nothing is new. */
function withSources(known: readonly string[], more: readonly string[]): readonly string[] {
  const fresh = more.filter((s, i) => !known.includes(s) && more.indexOf(s) === i);
  return fresh.length === 0 ? known : [...known, ...fresh].sort((a, b) => a.localeCompare(b));
}

/** Search and filters over the list, the list, and the open lead beside it (or instead of it when narrow). */
export function LeadWorkspace() {
  const [choice, setChoice] = useState<InboxChoice>(noFilters);
  const [searchText, setSearchText] = useState('');
  const [seenSources, setSeenSources] = useState<readonly string[]>([]);
  const [patches, setPatches] = useState<LeadPatches>(new Map());
  const { openId, open, close } = useOpenLead();
  const workspace = useRef<HTMLDivElement>(null);

  const wasOpen = useRef(openId !== null);

  // Closing a lead removes the focused control (and, when narrow, the whole pane): continue in the list.
  useEffect(() => {
    if (wasOpen.current && openId === null) workspace.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
    wasOpen.current = openId !== null;
  }, [openId]);

  const debounced = useDebouncedValue(searchText.trim(), searchDelayMs);
  // Clearing the box shows the inbox at once; typing waits for a pause.
  const query = searchText.trim() === '' ? '' : debounced;
  const key = choiceKey(choice);
  const filters = useMemo(() => toInboxFilters(choice), [choice]);

  const onSourcesSeen = useCallback((seen: readonly string[]) => setSeenSources((known) => withSources(known, seen)), []);
  // Every source on this computer, not only those on loaded pages; if this fails, the filter still offers those seen.
  const [allSources] = useAsyncResource('lead-sources', () => getClient().leads.listSources(), 'The lead sources could not be loaded.');
  const sources = useMemo(
    () => (allSources.state === 'ready' ? withSources(seenSources, allSources.value.sources.map((s) => s.provider)) : seenSources),
    [allSources, seenSources],
  );

  const onChanged = useCallback((detail: LeadDetail) => {
    setPatches((current) => new Map(current).set(detail.id, summaryOf(detail)));
  }, []);

  return (
    <div ref={workspace} className={openId ? 'leads-workspace leads-workspace--detail-open' : 'leads-workspace'}>
      <div className="leads-toolbar">
        <LeadSearchBox text={searchText} onChange={setSearchText} />
        <LeadFilters choice={choice} sources={sources} disabled={query !== ''} onChange={setChoice} />
      </div>
      <div className="leads-list-pane">
        {query !== '' ? (
          <SearchResults query={query} openId={openId} patches={patches} onOpen={open} />
        ) : (
          <LeadInbox
            key={key}
            filters={filters}
            filtered={key !== choiceKey(noFilters)}
            openId={openId}
            patches={patches}
            onOpen={open}
            onSourcesSeen={onSourcesSeen}
          />
        )}
      </div>
      <div className="leads-detail-pane">
        {openId ? (
          <ErrorBoundary key={openId} fallback={(retry) => <ErrorScreen scope="pane" onRetry={retry} />}>
            <LeadDetailPane id={openId} onClose={close} onChanged={onChanged} />
          </ErrorBoundary>
        ) : (
          <p className="pane-message pane-message--quiet">Choose a lead to see its parsed fields beside the original email.</p>
        )}
      </div>
    </div>
  );
}
