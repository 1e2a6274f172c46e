import type { LeadDetail as LeadDetailData } from '../../../../src-shared/contract/areas/leads';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LeadDetail } from './LeadDetail';
import { useLeadDetail } from './useLeadDetail';

interface LeadDetailPaneProps {
  readonly id: string;
  readonly onClose: () => void;
  /** A correction changed the lead: the list shows the new values too. */
  readonly onChanged: (detail: LeadDetailData) => void;
}

/** Loads the lead named in the URL and shows it, or says why it cannot. */
export function LeadDetailPane({ id, onClose, onChanged }: LeadDetailPaneProps) {
  const { lead, replace } = useLeadDetail(id);

  switch (lead.state) {
    case 'loading':
      return <p className="pane-message" role="status">Opening lead…</p>;
    case 'missing':
      return (
        <EmptyState icon="leads" title="This lead is not on this computer">
          <p>It may have been removed with its mailbox. Pick another lead from the list.</p>
        </EmptyState>
      );
    case 'failed':
      return (
        <div className="pane-message">
          <ErrorNotice message={lead.message} />
        </div>
      );
    case 'ready':
      return (
        <LeadDetail
          lead={lead.detail}
          onClose={onClose}
          onCorrected={(detail) => {
            replace(detail);
            onChanged(detail);
          }}
        />
      );
  }
}
