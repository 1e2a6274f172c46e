import type { BadgeCounts } from '../../../src-shared/contract/areas/leads';
import { Icon } from '../components/Icon';
import { formatCount } from '../format/lead';
import { useBadgeCounts } from '../hooks/useBadgeCounts';
import { useLocalData } from '../local-data/LocalDataContext';
import { hrefOf, routes, type RouteId } from './routes';

interface Badge {
  readonly count: number;
  /** Read after the count by screen readers: "12 new". */
  readonly meaning: string;
  readonly tone: 'accent' | 'danger';
}

function badgeFor(route: RouteId, counts: BadgeCounts | null): Badge | null {
  if (!counts) return null;
  if (route === 'leads' && counts.newLeads > 0) return { count: counts.newLeads, meaning: 'new', tone: 'accent' };
  if (route === 'outbox' && counts.outboxFailed > 0) return { count: counts.outboxFailed, meaning: 'failed', tone: 'danger' };
  if (route === 'outbox' && counts.outboxPending > 0) return { count: counts.outboxPending, meaning: 'waiting', tone: 'accent' };
  return null;
}

/** The main navigation: plain links, so Tab/Enter, middle-click and screen readers all work. */
export function Nav({ current }: { readonly current: RouteId }) {
  const { status } = useLocalData();
  const counts = useBadgeCounts(status.state === 'ready');

  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {routes.map((route) => {
          const badge = badgeFor(route.id, counts);
          return (
            <li key={route.id}>
              <a
                className="nav__link"
                href={hrefOf(route.id)}
                aria-current={route.id === current ? 'page' : undefined}
              >
                <Icon name={route.id} />
                <span className="nav__label">{route.label}</span>
                {badge ? (
                  <span className={`nav__badge nav__badge--${badge.tone}`} data-testid={`nav-badge-${route.id}`}>
                    {formatCount(badge.count)}
                    <span className="visually-hidden"> {badge.meaning}</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
