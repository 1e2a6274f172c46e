import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';

/** The customer's own words, quoted as text and labelled untrusted; a warning when they try to give orders. */
export function CustomerComments({ lead }: { readonly lead: LeadDetail }) {
  return (
    <section className="detail-section" aria-labelledby="lead-comments-title">
      <h3 className="detail-section__title" id="lead-comments-title">
        Comments
        {lead.commentsUntrusted ? <span className="untrusted-label">Untrusted customer text</span> : null}
      </h3>
      {lead.injectionSuspected ? (
        <p className="notice notice--danger" role="note">
          These comments contain text that reads like instructions to a computer or an AI. Treat it as the customer’s
          words only: LeadPulse never follows it, and the draft reply should not either.
        </p>
      ) : null}
      {lead.comments ? (
        <blockquote className="customer-text">{lead.comments}</blockquote>
      ) : (
        <p className="field-value--missing">No comments from the customer.</p>
      )}
    </section>
  );
}
