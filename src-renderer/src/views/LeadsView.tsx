import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';

/**
 * The lead queue. The body is a fixed-height scroll container on purpose: the virtualized
 * list (@tanstack/react-virtual) will use it as its scroll element once leads arrive.
 */
export function LeadsView() {
  return (
    <section className="view" aria-labelledby="view-title-leads">
      <ViewHeader id="view-title-leads" title="Leads" description="New internet leads, oldest unanswered first." />
      <div className="view__body view__body--scroll" data-testid="lead-queue">
        <EmptyState icon="leads" title="No leads yet — link a mailbox in Settings">
          <p>
            Once your dealership’s Gmail or Microsoft 365 mailbox is linked, each inbound lead appears here
            with a draft reply ready for your review.
          </p>
        </EmptyState>
      </div>
    </section>
  );
}
