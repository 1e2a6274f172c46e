import { ViewHeader } from '../../components/ViewHeader';
import { useLocalData } from '../../local-data/LocalDataContext';
import { LeadWorkspace } from './LeadWorkspace';
import { LocalDataGate } from './LocalDataGate';

/** The lead queue and the open lead, once the encrypted store on this computer is open. */
export function LeadsView() {
  const { status } = useLocalData();

  return (
    <section className="view view--leads" aria-labelledby="view-title-leads">
      <ViewHeader
        id="view-title-leads"
        title="Leads"
        description="Every internet lead, newest first. A lead with no reply for an hour is marked as a fumble risk."
      />
      {status.state === 'ready' ? <LeadWorkspace /> : <LocalDataGate status={status} />}
    </section>
  );
}
