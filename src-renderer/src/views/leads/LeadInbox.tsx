import { useEffect, useMemo } from 'react';
import type { InboxFilters } from '../../../../src-shared/contract/areas/leads';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../format/lead';
import { LeadList } from './LeadList';
import { withPatches, type LeadPatches } from './patchLeads';
import { useInboxPages } from './useInboxPages';

interface LeadInboxProps {
  readonly filters: InboxFilters;
  readonly filtered: boolean;
  readonly openId: string | null;
  readonly patches: LeadPatches;
  readonly onOpen: (id: string) => void;
  /** Providers seen on loaded leads, for the source filter. */
  readonly onSourcesSeen: (sources: readonly string[]) => void;
}

/** The inbox for one set of filters, loading older pages as the rep scrolls. */
export function LeadInbox({ filters, filtered, openId, patches, onOpen, onSourcesSeen }: LeadInboxProps) {
  const inbox = useInboxPages(filters);
  const leads = useMemo(() => withPatches(inbox.leads, patches), [inbox.leads, patches]);

  useEffect(() => {
    const seen = new Set<string>();
    for (const lead of inbox.leads) if (lead.sourceProvider) seen.add(lead.sourceProvider);
    if (seen.size > 0) onSourcesSeen([...seen]);
  }, [inbox.leads, onSourcesSeen]);

  if (inbox.loaded && leads.length === 0 && !inbox.error) {
    return filtered ? (
      <EmptyState icon="leads" title="No leads match these filters">
        <p>Choose “All” statuses, “Anyone” and “All sources” to see every lead.</p>
      </EmptyState>
    ) : (
      <EmptyState icon="leads" title="No leads yet">
        <p>Each inbound lead from your dealership’s mailbox appears here, newest first.</p>
      </EmptyState>
    );
  }

  let status: string;
  if (!inbox.loaded) status = inbox.error ? 'Leads could not be loaded' : 'Loading leads…';
  else if (inbox.loading) status = `${formatCount(leads.length)} leads shown · loading more…`;
  else if (inbox.hasMore) status = `${formatCount(leads.length)} leads shown · scroll for older ones`;
  else status = `${formatCount(leads.length)} ${leads.length === 1 ? 'lead' : 'leads'}`;

  return (
    <>
      <p className="list-status" role="status" data-testid="inbox-status">
        {status}
      </p>
      {inbox.error ? (
        <div className="list-error">
          <ErrorNotice message={inbox.error} />
          <button type="button" className="button" onClick={inbox.loadMore}>
            Try again
          </button>
        </div>
      ) : null}
      {/* No empty listbox to Tab into when the first page failed. */}
      {leads.length === 0 && inbox.error ? null : (
        <LeadList label="Lead inbox" leads={leads} hasMore={inbox.hasMore} openId={openId} onOpen={onOpen} onNearEnd={inbox.loadMore} />
      )}
    </>
  );
}
