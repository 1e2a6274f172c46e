import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';

export function OutboxView() {
  return (
    <section className="view" aria-labelledby="view-title-outbox">
      <ViewHeader id="view-title-outbox" title="Outbox" description="Approved replies waiting to be sent." />
      <div className="view__body">
        <EmptyState icon="outbox" title="Nothing waiting to send">
          <p>
            Replies you approve wait here until they are sent, exactly once. If you are offline, they go out
            when the connection returns.
          </p>
        </EmptyState>
      </div>
    </section>
  );
}
