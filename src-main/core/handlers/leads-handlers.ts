import { UserFacingError, type CallHandler } from '../ipc/dispatcher';
import type { LocalDataService } from '../local-data/local-data-service';

type LeadsHandlers = {
  'leads.listInbox': CallHandler<'leads.listInbox'>;
  'leads.getDetail': CallHandler<'leads.getDetail'>;
  'leads.search': CallHandler<'leads.search'>;
  'leads.badgeCounts': CallHandler<'leads.badgeCounts'>;
  'leads.correctField': CallHandler<'leads.correctField'>;
};

/** The renderer's only way to the lead store: named queries, arguments already validated. */
export function leadsHandlers(data: LocalDataService, actor: () => string): LeadsHandlers {
  return {
    'leads.listInbox': (args) =>
      data.use((store) => store.listInbox({ filters: args.filters, limit: args.limit, ...(args.cursor ? { cursor: args.cursor } : {}) })),
    'leads.getDetail': ({ id }) => data.use((store) => store.getLeadDetail(id)),
    'leads.search': ({ query, limit }) => data.use((store) => store.search(query, limit)),
    'leads.badgeCounts': ({ me }) => data.use((store) => store.badgeCounts(me)),
    'leads.correctField': ({ id, field, value }) =>
      data.use((store) => {
        if (store.getLeadDetail(id) === null) throw new UserFacingError('That lead is no longer on this computer.');
        store.correctLead(id, field, value === '' ? null : value, actor());
        const detail = store.getLeadDetail(id);
        if (detail === null) throw new UserFacingError('That lead is no longer on this computer.');
        return detail;
      }),
  };
}
