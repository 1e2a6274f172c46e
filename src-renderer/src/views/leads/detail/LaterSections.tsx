import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';
import { exactTime } from '../../../format/time';

/** Drafts and outbox for this lead: listed when there are any, otherwise an honest placeholder. */
export function LaterSections({ lead }: { readonly lead: LeadDetail }) {
  return (
    <div className="detail-later">
      <section className="detail-section" aria-labelledby="lead-drafts-title">
        <h3 className="detail-section__title" id="lead-drafts-title">
          Draft reply
        </h3>
        {lead.drafts.length === 0 ? (
          <p className="placeholder-text">Drafts arrive in a later version. Until then, reply from your mailbox.</p>
        ) : (
          <ul className="plain-list">
            {lead.drafts.map((draft) => (
              <li key={draft.id}>
                Version {draft.version}: {draft.subject} — {draft.approved ? 'approved' : 'not approved yet'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-section" aria-labelledby="lead-outbox-title">
        <h3 className="detail-section__title" id="lead-outbox-title">
          Outbox
        </h3>
        {lead.outbox.length === 0 ? (
          <p className="placeholder-text">Nothing waiting to send for this lead. Sending from LeadPulse arrives in a later version.</p>
        ) : (
          <ul className="plain-list">
            {lead.outbox.map((item) => (
              <li key={item.id}>
                {item.subject} to {item.toAddress} — {item.state}
                {item.sentAt ? `, ${exactTime(item.sentAt)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
