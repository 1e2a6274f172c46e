import type { OutboxList as OutboxListResult } from '../../../src-shared/contract/areas/outbox';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { ViewHeader } from '../components/ViewHeader';
import { useAsyncResource } from '../hooks/useAsyncResource';
import { useBadgeCounts } from '../hooks/useBadgeCounts';
import { useNow } from '../hooks/useNow';
import { getClient } from '../ipc/client';
import { useLocalData } from '../local-data/LocalDataContext';
import { LocalDataGate } from './leads/LocalDataGate';
import { OutboxList } from './outbox/OutboxList';

export function OutboxView() {
  const { status } = useLocalData();
  const ready = status.state === 'ready';
  const counts = useBadgeCounts(ready);
  // Asked again whenever the badge's counts change, so the list and the badge agree.
  const countsKey = counts ? `${counts.outboxPending}:${counts.outboxFailed}` : 'unknown';
  const [outbox] = useAsyncResource<OutboxListResult>(
    ready ? `outbox:${countsKey}` : null,
    () => getClient().outbox.list({}),
    'The outbox could not be loaded.',
  );
  const now = useNow();

  return (
    <section className="view" aria-labelledby="view-title-outbox">
      <ViewHeader id="view-title-outbox" title="Outbox" description="Approved replies waiting to be sent." />
      {ready ? (
        <div className="view__body">
          {outbox.state === 'failed' ? <ErrorNotice message={outbox.message} /> : null}
          {outbox.state === 'idle' || outbox.state === 'loading' ? (
            <p className="outbox-summary" role="status">
              Loading the outbox…
            </p>
          ) : null}
          {outbox.state === 'ready' && outbox.value.items.length === 0 ? (
            <EmptyState icon="outbox" title="Nothing waiting to send">
              <p>Replies you approve wait here until they are sent.</p>
            </EmptyState>
          ) : null}
          {outbox.state === 'ready' && outbox.value.items.length > 0 ? (
            <>
              <p className="outbox-summary" data-testid="outbox-summary">
                {summary(outbox.value.items)}
              </p>
              <OutboxList items={outbox.value.items} now={now} />
            </>
          ) : null}
        </div>
      ) : (
        <LocalDataGate status={status} />
      )}
    </section>
  );
}

function summary(items: OutboxListResult['items']): string {
  const failed = items.filter((item) => item.state === 'failed').length;
  const waiting = items.length - failed;
  const parts = [];
  if (waiting > 0) parts.push(`${waiting} ${waiting === 1 ? 'reply' : 'replies'} waiting to send`);
  if (failed > 0) parts.push(`${failed} could not be sent`);
  return parts.join(', ') + '.';
}
