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

/** Loads the lead named in the URL and shows it, or says why it cannot; never a dead end. */
export function LeadDetailPane({ id, onClose, onChanged }: LeadDetailPaneProps) {
  const { lead, replace, retry } = useLeadDetail(id);
  // In a narrow window this pane replaces the list: without this button the only way back is the browser's.
  const back = (
    <button type="button" className="button" onClick={onClose}>
      Back to leads
    </button>
  );

  switch (lead.state) {
    case 'loading':
      return <p className="pane-message" role="status">Opening lead…</p>;
    case 'missing':
      return (
        <EmptyState icon="leads" title="This lead is not on this computer">
          <p>It may have been removed with its mailbox. Pick another lead from the list.</p>
          <div className="pane-message__actions">{back}</div>
        </EmptyState>
      );
    case 'failed':
      return (
        <div className="pane-message">
          <ErrorNotice message={lead.message} />
          <div className="pane-message__actions">
            <button type="button" className="button button--primary" onClick={retry}>
              Try again
            </button>
            {back}
          </div>
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
