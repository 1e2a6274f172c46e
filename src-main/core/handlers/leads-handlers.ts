import { UserFacingError, type HandlersFor } from '../ipc/dispatcher';
import type { leadsCalls } from '../../../src-shared/contract/areas/leads';
import type { LocalDataService } from '../local-data/local-data-service';
import { toE164 } from '../leads/phone';
import { normaliseEmailAddress } from '../leads/email-address';

type LeadsHandlers = HandlersFor<typeof leadsCalls>;

/** The renderer's only way to the lead store: named queries, arguments already validated. */
export function leadsHandlers(data: LocalDataService, actor: () => string): LeadsHandlers {
  return {
    'leads.listInbox': (args) =>
      data.use((store) => store.leads.listInbox({ filters: args.filters, limit: args.limit, ...(args.cursor ? { cursor: args.cursor } : {}) })),
    'leads.getDetail': ({ id }) => data.use((store) => store.leads.detail(id)),
    'leads.search': ({ query, limit }) => data.use((store) => store.leads.search(query, limit)),
    'leads.badgeCounts': ({ me }) => data.use((store) => store.leads.badgeCounts(me)),
    'leads.listSources': () => data.use((store) => ({ sources: store.leads.sources() })),
    'leads.correctField': ({ id, field, value }) =>
      data.use((store) => {
        store.leads.correct(id, field, normalizedCorrection(field, value), actor());
        const detail = store.leads.detail(id);
        if (detail === null) throw new UserFacingError('That lead is no longer on this computer.');
        return detail;
      }),
  };
}

/** Corrections are stored in the same form the parser produces, or refused in plain words. */
function normalizedCorrection(field: string, value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  if (field === 'phone') {
    const phone = toE164(value, 'US');
    if (phone === null) throw new UserFacingError('That does not look like a phone number. Include the area code, e.g. (512) 555-0142.');
    return phone;
  }
  if (field === 'email') {
    const email = normaliseEmailAddress(value);
    if (email === null) throw new UserFacingError('That does not look like an email address, e.g. name@example.com.');
    return email;
  }
  return value.trim();
}
