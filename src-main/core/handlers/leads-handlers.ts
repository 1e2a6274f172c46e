import type { CallHandler } from '../ipc/dispatcher';
import type { LocalDataService } from '../local-data/local-data-service';

type LeadsHandlers = {
  'leads.listInbox': CallHandler<'leads.listInbox'>;
  'leads.getDetail': CallHandler<'leads.getDetail'>;
  'leads.search': CallHandler<'leads.search'>;
  'leads.badgeCounts': CallHandler<'leads.badgeCounts'>;
};

/** The renderer's only way to the lead store: named queries, arguments already validated. */
export function leadsHandlers(data: LocalDataService): LeadsHandlers {
  return {
    'leads.listInbox': (args) =>
      data.use((store) => store.listInbox({ filters: args.filters, limit: args.limit, ...(args.cursor ? { cursor: args.cursor } : {}) })),
    'leads.getDetail': ({ id }) => data.use((store) => store.getLeadDetail(id)),
    'leads.search': ({ query, limit }) => data.use((store) => store.search(query, limit)),
    'leads.badgeCounts': ({ me }) => data.use((store) => store.badgeCounts(me)),
  };
}
