import type { outboxCalls } from '../../../src-shared/contract/areas/outbox';
import type { HandlersFor } from '../ipc/dispatcher';
import type { LocalDataService } from '../local-data/local-data-service';

/** The outbox: approved replies on their way out (the sender comes with the outbox issue). */
export function outboxHandlers(data: LocalDataService): HandlersFor<typeof outboxCalls> {
  return {
    'outbox.list': () => data.use((store) => store.outbox.listUnsent()),
  };
}
