import { Icon } from '../components/Icon';
import { useBadgeCounts } from '../hooks/useBadgeCounts';
import { useLocalData } from '../local-data/LocalDataContext';
import { navBadgeFor } from './navBadges';
import { hrefOf, routes, type RouteId } from './routes';

/** The main navigation: plain links, so Tab/Enter, middle-click and screen readers all work. */
export function Nav({ current }: { readonly current: RouteId }) {
  const { status } = useLocalData();
  const counts = useBadgeCounts(status.state === 'ready');

  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {routes.map((route) => {
          const badge = navBadgeFor(route.id, counts);
          // The badge reads "94 new" (the link's name: "Leads 94 new"); the tooltip, also the
          // link's description, says what is counted: "94 leads with the status New".
          return (
            <li key={route.id}>
              <a
                className="nav__link"
                href={hrefOf(route.id)}
                aria-current={route.id === current ? 'page' : undefined}
                title={badge?.says}
              >
                <Icon name={route.id} />
                <span className="nav__label">{route.label}</span>{' '}
                {badge ? (
                  <span className={`nav__badge nav__badge--${badge.tone}`} data-testid={`nav-badge-${route.id}`}>
                    {badge.count}
                    <span className="nav__badge-word"> {badge.word}</span>
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
