import { LeadsView } from '../views/leads/LeadsView';
import { OutboxView } from '../views/OutboxView';
import { SettingsView } from '../views/SettingsView';
import { TeamView } from '../views/TeamView';
import type { RouteId } from './routes';

export function ViewFor({ route }: { readonly route: RouteId }) {
  switch (route) {
    case 'leads':
      return <LeadsView />;
    case 'outbox':
      return <OutboxView />;
    case 'team':
      return <TeamView />;
    case 'settings':
      return <SettingsView />;
  }
}
