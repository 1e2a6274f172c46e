import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../format/lead';
import { LeadList } from './LeadList';
import { withPatches, type LeadPatches } from './patchLeads';
import { useLeadSearch } from './useLeadSearch';

interface SearchResultsProps {
  readonly query: string;
  readonly openId: string | null;
  readonly patches: LeadPatches;
  readonly onOpen: (id: string) => void;
}

/** Leads matching the search, most recent first, across every status and source. */
export function SearchResults({ query, openId, patches, onOpen }: SearchResultsProps) {
  const search = useLeadSearch(query);
  const leads = useMemo(() => withPatches(search.leads, patches), [search.leads, patches]);

  let status: string;
  if (search.loading) status = 'Searching…';
  else if (search.error) status = `Search for “${query}” did not finish`;
  else if (search.truncated) status = `First ${formatCount(leads.length)} matches for “${query}” · add a word to narrow it`;
  else status = `${formatCount(leads.length)} ${leads.length === 1 ? 'match' : 'matches'} for “${query}”`;

  return (
    <>
      <p className="list-status" role="status" data-testid="inbox-status">
        {status}
        <span className="list-status__hint"> · searches all leads; filters don’t apply</span>
      </p>
      {search.error ? (
        <div className="list-error">
          <ErrorNotice message={search.error} />
          <button type="button" className="button" onClick={search.retry}>
            Try again
          </button>
        </div>
      ) : !search.loading && leads.length === 0 ? (
        <EmptyState icon="leads" title="No lead matches">
          <p>Search looks at names, emails, phone numbers, vehicles and message text. Press Escape to clear it.</p>
        </EmptyState>
      ) : (
        <LeadList key={query} label="Search results" leads={leads} hasMore={false} openId={openId} onOpen={onOpen} />
      )}
    </>
  );
}
