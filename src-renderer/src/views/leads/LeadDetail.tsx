import { useEffect, useRef } from 'react';
import type { LeadDetail as LeadDetailData } from '../../../../src-shared/contract/areas/leads';
import { isFumbleRisk, statusLabel } from '../../format/lead';
import { exactTime, relativeTime } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { LaterSections } from './detail/LaterSections';
import { OriginalMessages } from './detail/OriginalMessages';
import { ParsedFields } from './detail/ParsedFields';
import { SourceLine } from './detail/SourceLine';

interface LeadDetailProps {
  readonly lead: LeadDetailData;
  readonly onCorrected: (detail: LeadDetailData) => void;
  readonly onClose: () => void;
}

/** One lead: the parsed fields beside the original email, its source, and what comes next. */
export function LeadDetail({ lead, onCorrected, onClose }: LeadDetailProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const now = useNow();

  // A newly opened lead takes focus at its name, so keyboard and screen-reader users land in it.
  useEffect(() => {
    heading.current?.focus();
  }, [lead.id]);

  return (
    <article className="lead-detail" aria-labelledby="lead-detail-title">
      <header className="lead-detail__header">
        <div className="lead-detail__heading">
          <button type="button" className="button button--quiet lead-detail__back" onClick={onClose}>
            ← Back to leads
          </button>
          <h2 className="lead-detail__title" id="lead-detail-title" tabIndex={-1} ref={heading}>
            {lead.customerName ?? 'Name not given'}
          </h2>
          <p className="lead-detail__meta">
            <span className={`status-pill status-pill--${lead.status}`}>{statusLabel(lead.status)}</span>
            <span title={exactTime(lead.receivedAt)}>Received {relativeTime(lead.receivedAt, now)}</span>
            {isFumbleRisk(lead, now) ? <span className="fumble-marker">Fumble risk — no first response yet</span> : null}
            <span>{lead.assignee ? `Assigned to ${lead.assignee}` : 'Unassigned'}</span>
          </p>
          <SourceLine lead={lead} />
        </div>
        <button type="button" className="button button--quiet lead-detail__close" onClick={onClose} aria-label="Close lead">
          ✕
        </button>
      </header>
      {lead.suppressed ? (
        <p className="notice notice--warn" role="note">
          This customer asked not to be contacted. LeadPulse will not send replies to them.
        </p>
      ) : null}
      <div className="lead-detail__columns">
        <ParsedFields lead={lead} onCorrected={onCorrected} />
        <OriginalMessages messages={lead.messages} />
      </div>
      <LaterSections lead={lead} />
    </article>
  );
}
